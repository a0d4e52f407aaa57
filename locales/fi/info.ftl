# Public information pages in assets/info/. Each page needs <page>-title and <page>-<paragraph>.

opening-hours-title = Aukioloajat ja yhteystiedot
opening-hours-town-hall = Kunnantalo: maanantaista perjantaihin klo 8.00–16.00.
opening-hours-library = Kirjasto: maanantaista torstaihin klo 10.00–19.00. Perjantaista sunnuntaihin klo 11.00–15.00.
opening-hours-phone = Puhelin: 0123-45 67 00. Vastaamme arkipäivisin klo 8.00–16.00.
opening-hours-address = Osoite: Storgatan 1, 123 45 Nordvik.

public-documents-title = Pyydä julkisia asiakirjoja
public-documents-right = Kaikilla on oikeus lukea kunnan julkisia asiakirjoja. Esimerkiksi päätöksiä, kirjeitä ja pöytäkirjoja.
public-documents-how = Kysy neuvonnasta, puhelimella, sähköpostilla tai täällä tällä näytöllä.
public-documents-anonymous = Sinun ei tarvitse kertoa, kuka olet tai miksi haluat asiakirjan.
public-documents-cost = Asiakirjan lukeminen täällä on ilmaista. Kopiot maksavat, jos sivuja on yli 10.

digital-help-title = Apua digitaalisiin palveluihin
digital-help-library = Kirjastossa saat apua sähköisiin palveluihin, BankID:hen ja sähköpostiin. Kysy henkilökunnalta.
digital-help-citizen-office = Kunnantalon asiakaspalvelussa henkilökunta voi auttaa sinua täyttämään lomakkeita.
digital-help-phone = Voit myös soittaa meille numeroon 0123-45 67 00.
digital-help-courses = Kirjastossa on ilmaisia kursseja aloittelijoille. Kysy seuraavasta kurssista.
