# Texts of the kiosk itself. Plain language: short sentences, common words, one idea at a time.

## Attract screen and language
attract-greeting = Tervetuloa
attract-touch = Aloita koskettamalla näyttöä
language-title = Valitse kieli
button-language = Kieli

## Home
home-title = Mitä haluat tehdä?
home-services = Palvelut
home-info = Tietoa

## Buttons
button-back = Takaisin
button-next = Seuraava
button-cancel = Peruuta
button-send = Lähetä
button-change = Muuta
button-done = Valmis
answer-yes = Kyllä
answer-no = Ei

## Questions
progress = Kysymys { $current } / { $total }
question-optional = Voit ohittaa tämän kysymyksen.
selected = Valittu
not-selected = Ei valittu
field-hidden = Piilotettu, jotta tietosi pysyvät suojassa
button-show = Näytä
button-hide = Piilota
date-hint = Kirjoita päivämäärä näin: { $example }

## Errors shown next to the field
error-required = Vastaa kysymykseen.
error-too-short = Kirjoita vähintään { $min } merkkiä.
error-too-long = Kirjoita enintään { $max } merkkiä.
error-number = Kirjoita luku, esimerkiksi 42.
error-number-range = Kirjoita luku väliltä { $min }–{ $max }.
error-date-format = Tämä ei ole päivämäärä. Kirjoita se näin: { $example }
error-date-range = Valitse päivä väliltä { $first } – { $last }.
error-phone = Tämä ei ole puhelinnumero. Kirjoita vain numeroita, esimerkiksi 070 123 45 67.
error-email = Tämä ei ole sähköpostiosoite. Se näyttää tältä: nimi@example.com
error-postcode = Postinumerossa on { $digits } numeroa.
error-personal-id = Numero ei ole oikein. Tarkista numerot.

## Check your answers
review-title = Tarkista vastauksesi
review-no-answer = Ei vastausta

## Receipt
receipt-title = Kiitos! Olemme saaneet pyyntösi.
receipt-reference = Viitenumerosi
receipt-keep = Kirjoita numero muistiin tai ota siitä kuva. Kerro numero, jos otat meihin yhteyttä.
receipt-next-title = Mitä seuraavaksi tapahtuu
rating-question = Millaista kioskin käyttö oli?
rating-1 = Erittäin huono
rating-2 = Huono
rating-3 = Kohtalainen
rating-4 = Hyvä
rating-5 = Erittäin hyvä
rating-thanks = Kiitos palautteesta.

## Leaving and time-out
idle-title = Tarvitsetko lisää aikaa?
idle-countdown = { $seconds ->
    [one] Näyttö tyhjennetään { $seconds } sekunnin kuluttua.
   *[other] Näyttö tyhjennetään { $seconds } sekunnin kuluttua.
}
idle-continue = Kyllä, tarvitsen lisää aikaa
cancel-title = Haluatko lopettaa?
cancel-body = Vastauksesi poistetaan.
cancel-yes = Kyllä, lopeta ja poista
cancel-no = Ei, jatka

## Saving failed
save-failed-title = Emme voineet tallentaa pyyntöäsi
save-failed-body = Pyydä apua henkilökunnalta. Vastauksesi ovat vielä täällä.
save-failed-retry = Yritä uudelleen

## Dates
date-long = { $day }. { $month } { $year }
month-1 = tammikuuta
month-2 = helmikuuta
month-3 = maaliskuuta
month-4 = huhtikuuta
month-5 = toukokuuta
month-6 = kesäkuuta
month-7 = heinäkuuta
month-8 = elokuuta
month-9 = syyskuuta
month-10 = lokakuuta
month-11 = marraskuuta
month-12 = joulukuuta
weekday-1 = maanantai
weekday-2 = tiistai
weekday-3 = keskiviikko
weekday-4 = torstai
weekday-5 = perjantai
weekday-6 = lauantai
weekday-7 = sunnuntai
appointment-day = { $weekday } { $day }. { $month }
appointment-at = { $day } kello { $time }
appointment-call = Soitamme sinulle ja sovimme ajan.
appointment-fresh = Vapaat ajat kello { $time }.
appointment-holding = Varaamme ajan sinulle …
appointment-held = Aika on sinun, kun teet loppuun.
appointment-taken = Joku varasi juuri sen ajan. Valitse toinen aika.
receipt-appointment = Sinun aikasi: { $time }

## Connection to the back office
status-online = Yhteys toimii
status-offline = Ei yhteyttä
receipt-offline = Asiasi on tallennettu tälle laitteelle. Se lähetetään automaattisesti, kun yhteys toimii taas.

## Speech
speech-listen = Kuuntele
speech-off = Puhe pois
speech-repeat = Toista
speech-stop = Pysäytä
speech-slower = Hitaammin
speech-faster = Nopeammin
speech-quieter = Hiljempaa
speech-louder = Kovempaa
speech-unavailable = Puhetta ei ole tällä kielellä.
speech-headphones = Kuulokkeet: lue myös vastaukseni
speech-fallback = Kuuntele kielellä { $language }

## Display
display-contrast = Suuri kontrasti
display-button = Tekstin koko ja kontrasti
display-title = Tekstin koko ja kontrasti
text-size-normal = Tavallinen teksti
text-size-large = Suuri teksti
text-size-extra = Erittäin suuri teksti
display-close = Valmis

## Keyboard and keypad
help-keys = Liiku nuolinäppäimillä tai sarkaimella. Valitse painamalla Enter. Paina Ohje, niin kuulet tämän uudelleen.
key-shift = Iso kirjain
key-backspace = Poista
key-space = Välilyönti
key-layout = Näppäimistö: { $layout }
key-digits = Arabialaiset numerot

## Help from staff
call-staff = Pyydä apua henkilökunnalta
call-staff-title = Henkilökunta tulee
call-staff-where = Henkilökunta on neuvontapisteessä sisäänkäynnin luona. Olemme nähneet, että tarvitset apua.
call-staff-coming = Joku henkilökunnasta on nyt tulossa luoksesi.
call-staff-close = Sulje
staff-assisted-band = Henkilökunta auttaa

## Paper: the print buttons, how printing goes, and what the paper says besides the page's texts
button-print-receipt = Tulosta kuitti
button-print-page = Tulosta tämä sivu
print-working = Tulostetaan. Odota hetki.
print-done = Ota paperi tulostimesta.
print-failed-receipt = Tulostin ei toimi. Kirjoita numerosi muistiin:
print-failed-page = Tulostin ei toimi. Pyydä kopio henkilökunnalta.
paper-municipality = Esimerkkikylän kunta
paper-receipt = Kuitti
paper-sent = Lähetetty: { $time }
paper-printed = Tulostettu: { $time }
paper-contact = Kysyttävää? Soita 0123-45 67 00 arkisin klo 8–16 tai kysy palvelupisteestä. Kerro numerosi.
