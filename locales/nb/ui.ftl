# Texts of the kiosk itself. Plain language: short sentences, common words, one idea at a time.

## Attract screen and language
attract-greeting = Velkommen
attract-touch = Trykk på skjermen for å starte
language-title = Velg språk
button-language = Språk

## Home
home-title = Hva vil du gjøre?
home-services = Tjenester
home-info = Informasjon

## Buttons
button-back = Tilbake
button-next = Neste
button-cancel = Avbryt
button-send = Send
button-change = Endre
button-done = Ferdig
answer-yes = Ja
answer-no = Nei

## Questions
progress = Spørsmål { $current } av { $total }
question-optional = Du kan hoppe over dette spørsmålet.
selected = Valgt
not-selected = Ikke valgt
field-hidden = Skjult for å beskytte opplysningene dine
button-show = Vis
button-hide = Skjul
date-hint = Skriv datoen slik: { $example }

## Errors shown next to the field
error-required = Du må svare på spørsmålet.
error-too-short = Skriv minst { $min } tegn.
error-too-long = Skriv høyst { $max } tegn.
error-number = Skriv et tall, for eksempel 42.
error-number-range = Skriv et tall fra { $min } til { $max }.
error-date-format = Dette er ikke en dato. Skriv slik: { $example }
error-date-range = Velg en dato fra { $first } til { $last }.
error-phone = Dette er ikke et telefonnummer. Skriv bare tall, for eksempel 412 34 567.
error-email = Dette er ikke en e-postadresse. Den ser slik ut: navn@example.com
error-postcode = Postnummeret har { $digits } siffer.
error-personal-id = Nummeret er ikke riktig. Sjekk sifrene.

## Check your answers
review-title = Sjekk svarene dine
review-no-answer = Ikke svart

## Receipt
receipt-title = Takk! Vi har fått saken din.
receipt-reference = Saksnummeret ditt
receipt-keep = Skriv ned nummeret eller ta et bilde av det. Gi oss nummeret hvis du kontakter oss.
receipt-next-title = Dette skjer nå
rating-question = Hvordan var det å bruke kiosken?
rating-1 = Svært dårlig
rating-2 = Dårlig
rating-3 = Greit
rating-4 = Bra
rating-5 = Svært bra
rating-thanks = Takk for at du sa fra.

## Leaving and time-out
idle-title = Trenger du mer tid?
idle-countdown = { $seconds ->
    [one] Skjermen blir tømt om { $seconds } sekund.
   *[other] Skjermen blir tømt om { $seconds } sekunder.
}
idle-continue = Ja, jeg trenger mer tid
cancel-title = Vil du avbryte?
cancel-body = Svarene dine blir slettet.
cancel-yes = Ja, avbryt og slett
cancel-no = Nei, fortsett

## Saving failed
save-failed-title = Vi kunne ikke lagre saken din
save-failed-body = Spør de ansatte om hjelp. Svarene dine er fortsatt her.
save-failed-retry = Prøv igjen

## Dates
date-long = { $day }. { $month } { $year }
month-1 = januar
month-2 = februar
month-3 = mars
month-4 = april
month-5 = mai
month-6 = juni
month-7 = juli
month-8 = august
month-9 = september
month-10 = oktober
month-11 = november
month-12 = desember
weekday-1 = mandag
weekday-2 = tirsdag
weekday-3 = onsdag
weekday-4 = torsdag
weekday-5 = fredag
weekday-6 = lørdag
weekday-7 = søndag
appointment-day = { $weekday } { $day }. { $month }
appointment-at = { $day } klokka { $time }
appointment-call = Vi ringer deg for å avtale en tid.
appointment-fresh = Ledige timer klokka { $time }.
appointment-holding = Vi holder av timen for deg …
appointment-held = Timen er din mens du gjør ferdig.
appointment-taken = Noen tok akkurat den timen. Velg en annen tid.
receipt-appointment = Din time: { $time }

## Connection to the back office
status-online = Tilkoblet
status-offline = Ingen tilkobling
receipt-offline = Saken din er lagret på denne maskinen. Den sendes automatisk når forbindelsen er tilbake.

## Speech
speech-listen = Lytt
speech-off = Slå av tale
speech-repeat = Gjenta
speech-stop = Stopp
speech-slower = Saktere
speech-faster = Raskere
speech-quieter = Lavere
speech-louder = Høyere
speech-unavailable = Opplesning finnes ikke på dette språket.
speech-headphones = Hodetelefoner: les opp svarene mine også
speech-fallback = Lytt på { $language }

## Display
display-contrast = Høy kontrast
display-button = Tekststørrelse og kontrast
display-title = Tekststørrelse og kontrast
text-size-normal = Normal tekst
text-size-large = Stor tekst
text-size-extra = Svært stor tekst
display-close = Ferdig

## Keyboard and keypad
help-keys = Flytt med pilene eller Tab. Trykk Enter for å velge. Trykk på Hjelp for å høre dette igjen.
key-shift = Stor bokstav
key-backspace = Slett
key-space = Mellomrom
key-layout = Tastatur: { $layout }
key-digits = Arabiske tall

## Help from staff
call-staff = Be de ansatte om hjelp
call-staff-title = De ansatte kommer
call-staff-where = De ansatte er ved informasjonsskranken ved inngangen. Vi har sett at du trenger hjelp.
call-staff-coming = Noen fra de ansatte er på vei til deg nå.
call-staff-close = Lukk
staff-assisted-band = Med hjelp fra ansatte

## Paper: the print buttons, how printing goes, and what the paper says besides the page's texts
button-print-receipt = Skriv ut kvittering
button-print-page = Skriv ut siden
print-working = Skriver ut. Vent litt.
print-done = Ta arket ditt fra skriveren.
print-failed-receipt = Skriveren virker ikke. Skriv av nummeret ditt:
print-failed-page = Skriveren virker ikke. Spør de ansatte om en kopi.
paper-municipality = Eksempelby kommune
paper-receipt = Kvittering
paper-sent = Sendt: { $time }
paper-printed = Skrevet ut: { $time }
paper-contact = Spørsmål? Ring 0123-45 67 00 på hverdager 8–16, eller spør i skranken. Si nummeret ditt.
