# Texts of the kiosk itself. Plain language: short sentences, common words, one idea at a time.

## Attract screen and language
attract-greeting = Välkommen
attract-touch = Tryck på skärmen för att börja
language-title = Välj språk
button-language = Språk

## Home
home-title = Vad vill du göra?
home-services = Tjänster
home-info = Information

## Buttons
button-back = Tillbaka
button-next = Nästa
button-cancel = Avbryt
button-send = Skicka
button-change = Ändra
button-done = Klar
answer-yes = Ja
answer-no = Nej

## Questions
progress = Fråga { $current } av { $total }
question-optional = Du kan hoppa över den här frågan.
selected = Vald
not-selected = Inte vald
field-hidden = Dolt för att skydda dina uppgifter
button-show = Visa
button-hide = Dölj
date-hint = Skriv datumet så här: { $example }

## Errors shown next to the field
error-required = Du behöver svara på frågan.
error-too-short = Skriv minst { $min } tecken.
error-too-long = Skriv högst { $max } tecken.
error-number = Skriv ett tal, till exempel 42.
error-number-range = Skriv ett tal från { $min } till { $max }.
error-date-format = Det här är inte ett datum. Skriv så här: { $example }
error-date-range = Välj ett datum från { $first } till { $last }.
error-phone = Det här är inte ett telefonnummer. Skriv bara siffror, till exempel 070 123 45 67.
error-email = Det här är inte en e-postadress. Den ser ut så här: namn@example.com
error-postcode = Postnumret har { $digits } siffror.
error-personal-id = Numret stämmer inte. Kontrollera siffrorna.

## Check your answers
review-title = Kontrollera dina svar
review-no-answer = Inget svar

## Receipt
receipt-title = Tack! Vi har fått ditt ärende.
receipt-reference = Ditt ärendenummer
receipt-keep = Skriv ner numret eller ta ett foto av det. Ge oss numret om du kontaktar oss.
receipt-next-title = Det här händer nu
rating-question = Hur var det att använda kiosken?
rating-1 = Mycket dåligt
rating-2 = Dåligt
rating-3 = Okej
rating-4 = Bra
rating-5 = Mycket bra
rating-thanks = Tack för att du berättade.

## Leaving and time-out
idle-title = Behöver du mer tid?
idle-countdown = { $seconds ->
    [one] Skärmen rensas om { $seconds } sekund.
   *[other] Skärmen rensas om { $seconds } sekunder.
}
idle-continue = Ja, jag behöver mer tid
cancel-title = Vill du avbryta?
cancel-body = Dina svar raderas.
cancel-yes = Ja, avbryt och radera
cancel-no = Nej, fortsätt

## Saving failed
save-failed-title = Vi kunde inte spara ditt ärende
save-failed-body = Be personalen om hjälp. Dina svar finns kvar.
save-failed-retry = Försök igen

## Dates
date-long = { $day } { $month } { $year }
month-1 = januari
month-2 = februari
month-3 = mars
month-4 = april
month-5 = maj
month-6 = juni
month-7 = juli
month-8 = augusti
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december
weekday-1 = måndag
weekday-2 = tisdag
weekday-3 = onsdag
weekday-4 = torsdag
weekday-5 = fredag
weekday-6 = lördag
weekday-7 = söndag
appointment-day = { $weekday } { $day } { $month }
appointment-at = { $day } klockan { $time }
appointment-call = Vi ringer dig för att komma överens om en tid.
appointment-fresh = Lediga tider klockan { $time }.
appointment-holding = Vi håller tiden åt dig …
appointment-held = Tiden är din medan du gör klart.
appointment-taken = Någon tog just den tiden. Välj en annan tid.
receipt-appointment = Din tid: { $time }

## Connection to the back office
status-online = Ansluten
status-offline = Ingen anslutning
receipt-offline = Ditt ärende är sparat i den här datorn. Det skickas automatiskt när anslutningen fungerar igen.

## Speech
speech-listen = Lyssna
speech-off = Stäng av tal
speech-repeat = Upprepa
speech-stop = Stopp
speech-slower = Långsammare
speech-faster = Snabbare
speech-quieter = Tystare
speech-louder = Högre
speech-unavailable = Uppläsning finns inte på det här språket.
speech-headphones = Hörlurar: läs upp mina svar också
speech-fallback = Lyssna på { $language }

## Display
display-contrast = Hög kontrast
display-button = Textstorlek och kontrast
display-title = Textstorlek och kontrast
text-size-normal = Normal text
text-size-large = Stor text
text-size-extra = Mycket stor text
display-close = Klar

## Keyboard and keypad
help-keys = Flytta med pilarna eller Tabb. Tryck Enter för att välja. Tryck på Hjälp för att höra detta igen.
key-shift = Stor bokstav
key-backspace = Sudda
key-space = Mellanslag
key-layout = Tangentbord: { $layout }
key-digits = Arabiska siffror

## Help from staff
call-staff = Be personalen om hjälp
call-staff-title = Personalen kommer
call-staff-where = Personalen finns vid informationsdisken vid entrén. Vi har sett att du behöver hjälp.
call-staff-coming = Någon från personalen är på väg till dig nu.
call-staff-close = Stäng
staff-assisted-band = Med hjälp av personal

## Paper: the print buttons, how printing goes, and what the paper says besides the page's texts
button-print-receipt = Skriv ut kvitto
button-print-page = Skriv ut sidan
print-working = Skriver ut. Vänta lite.
print-done = Ta ditt papper från skrivaren.
print-failed-receipt = Skrivaren fungerar inte. Skriv av ditt nummer:
print-failed-page = Skrivaren fungerar inte. Fråga personalen om en kopia.
paper-municipality = Exempelby kommun
paper-receipt = Kvitto
paper-sent = Skickat: { $time }
paper-printed = Utskrivet: { $time }
paper-contact = Frågor? Ring 0123-45 67 00 vardagar 8–16 eller fråga i entrén. Säg ditt nummer.
