# Public information pages in assets/info/. Each page needs <page>-title and <page>-<paragraph>.

opening-hours-title = Åpningstider og kontakt
opening-hours-town-hall = Rådhuset: mandag til fredag, kl. 08.00 til 16.00.
opening-hours-library = Biblioteket: mandag til torsdag kl. 10.00 til 19.00. Fredag til søndag kl. 11.00 til 15.00.
opening-hours-phone = Telefon: 0123-45 67 00. Vi svarer på hverdager fra kl. 08.00 til 16.00.
opening-hours-address = Adresse: Storgatan 1, 123 45 Nordvik.

public-documents-title = Be om offentlige dokumenter
public-documents-right = Alle har rett til å lese offentlige dokumenter fra kommunen. For eksempel vedtak, brev og møtereferater.
public-documents-how = Spør i resepsjonen, på telefon, på e-post eller her på denne skjermen.
public-documents-anonymous = Du trenger ikke å si hvem du er eller hvorfor du vil ha dokumentet.
public-documents-cost = Det er gratis å lese et dokument her. Kopier av mer enn 10 sider koster penger.

digital-help-title = Hjelp med digitale tjenester
digital-help-library = På biblioteket kan du få hjelp med e-tjenester, BankID og e-post. Spør de ansatte.
digital-help-citizen-office = På servicekontoret i rådhuset kan de ansatte hjelpe deg med å fylle ut skjemaer.
digital-help-phone = Du kan også ringe oss på 0123-45 67 00.
digital-help-courses = Biblioteket har gratis kurs for nybegynnere. Spør om neste kurs.
