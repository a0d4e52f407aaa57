# Texts of the services in assets/services/. Each service needs:
#   <service>-title, <service>-next (what happens after sending),
#   <service>-<step> (the question), <service>-<step>-help (help under the question),
#   <service>-<step>-<option> for every option of a choice.

## Report a fault
report-fault-title = Meld fra om en feil ute
report-fault-next = Vi ser på feilen innen 5 arbeidsdager. Hvis du vil at vi skal ringe deg, ringer vi.
report-fault-what = Hva er galt?
report-fault-what-help = Velg det som passer best.
report-fault-what-street-light = En gatelykt virker ikke
report-fault-what-pothole = Et hull i veien
report-fault-what-graffiti = Graffiti
report-fault-what-litter = Søppel eller avfall
report-fault-what-other = Noe annet
report-fault-where = Hvor er det?
report-fault-where-help = Skriv et gatenavn, et husnummer eller et sted som er lett å finne.
report-fault-details = Fortell mer
report-fault-details-help = For eksempel hvor stort hullet er. Du kan hoppe over dette spørsmålet.
report-fault-call-back = Vil du at vi skal ringe deg?
report-fault-call-back-help = Vi kan ringe deg når feilen er fikset, eller hvis vi har spørsmål.
report-fault-phone = Hva er telefonnummeret ditt?
report-fault-phone-help = Vi bruker bare nummeret til å ringe deg om denne feilen.

## Book a meeting
book-meeting-title = Bestill et møte
book-meeting-next = Kom til resepsjonen på rådhuset til din time. Skal vi ringe deg, gjør vi det innen to arbeidsdager.
book-meeting-topic = Hva vil du snakke om?
book-meeting-topic-help = Velg det som passer best.
book-meeting-topic-housing = Bolig
book-meeting-topic-school = Skole eller barnehage
book-meeting-topic-money = Penger og økonomisk hjelp
book-meeting-topic-building = Bygge eller endre et hus
book-meeting-topic-other = Noe annet
book-meeting-time = Når vil du komme?
book-meeting-time-help = Trykk på en tid som passer for deg.
book-meeting-name = Hva heter du?
book-meeting-name-help = Skriv fornavn og etternavn.
book-meeting-contact = Hvordan vil du at vi bekrefter tiden?
book-meeting-contact-help = Vi bekrefter tiden før møtet.
book-meeting-contact-phone = På telefon
book-meeting-contact-email = På e-post
book-meeting-phone = Hva er telefonnummeret ditt?
book-meeting-phone-help = Vi ringer deg for å bekrefte tiden.
book-meeting-email = Hva er e-postadressen din?
book-meeting-email-help = Vi sender tiden til denne adressen.

## Parking permit
parking-permit-title = Parkeringstillatelse for personer med funksjonsnedsettelse
parking-permit-next = Vi ser på søknaden din. Det tar vanligvis 4 uker. Vi sender svaret i posten.
parking-permit-personal-id = Hva er personnummeret eller fødselsnummeret ditt?
parking-permit-personal-id-help = Svensk personnummer eller samordningsnummer: 12 siffer. Norsk fødselsnummer eller D-nummer går også.
parking-permit-name = Hva heter du?
parking-permit-name-help = Skriv fornavn og etternavn.
parking-permit-postcode = Hva er postnummeret ditt?
parking-permit-postcode-help = 5 siffer, for eksempel 123 45.
parking-permit-driver = Skal du kjøre bilen selv?
parking-permit-driver-help = Svar nei hvis noen andre kjører deg.
parking-permit-passenger-help = Hvorfor trenger du at sjåføren hjelper deg?
parking-permit-passenger-help-help = For eksempel: Jeg trenger hjelp til å komme meg ut av bilen.
parking-permit-walk = Hvor langt kan du gå uten pause?
parking-permit-walk-help = Tenk på en vanlig dag.
parking-permit-walk-under-100 = Kortere enn 100 meter
parking-permit-walk-up-to-300 = 100 til 300 meter
parking-permit-walk-over-300 = Lenger enn 300 meter
parking-permit-certificate = Har du en erklæring fra lege?
parking-permit-certificate-help = Vi trenger en erklæring. Du kan sende den senere.
parking-permit-health-centre = Hvilket legekontor var du på?
parking-permit-health-centre-help = Skriv navnet på legekontoret (vårdcentralen) eller legen.

## Public document
public-document-title = Be om et offentlig dokument
public-document-next = Vi svarer deg så snart vi kan, vanligvis innen 2 arbeidsdager.
public-document-document = Hvilket dokument vil du ha?
public-document-document-help = Skriv hva dokumentet handler om, og en dato eller et nummer hvis du vet det.
public-document-anonymous = Vil du være anonym?
public-document-anonymous-help = Du trenger ikke å si hvem du er.
public-document-name = Hva heter du?
public-document-name-help = Vi bruker navnet ditt bare for å gi deg dokumentet.
public-document-delivery = Hvordan vil du få dokumentet?
public-document-delivery-help = Velg ett.
public-document-delivery-collect = Jeg henter det på rådhuset
public-document-delivery-post = I posten
public-document-delivery-email = På e-post
public-document-address = Hva er adressen din?
public-document-address-help = Skriv gate, husnummer og sted.
public-document-postcode = Hva er postnummeret ditt?
public-document-postcode-help = 5 siffer, for eksempel 123 45.
public-document-email = Hva er e-postadressen din?
public-document-email-help = Vi sender dokumentet til denne adressen.

## Home help
home-help-title = Hjemmehjelp for eldre
home-help-next = Noen fra hjemmehjelpen ringer deg innen 3 arbeidsdager.
home-help-who = Hvem trenger hjelp?
home-help-who-help = Velg ett.
home-help-who-myself = Jeg selv
home-help-who-relative = Noen i familien min
home-help-who-other = Noen andre
home-help-needs = Hvilken hjelp trengs?
home-help-needs-help = Du kan velge mer enn ett.
home-help-needs-cleaning = Rengjøring
home-help-needs-shopping = Handling
home-help-needs-meals = Måltider
home-help-needs-personal-care = Vaske seg og kle på seg
home-help-needs-alarm = Trygghetsalarm
home-help-needs-company = Noen å snakke med
home-help-from = Fra hvilken dag trengs hjelpen?
home-help-from-help = Du kan hoppe over dette spørsmålet.
home-help-age = Hvor gammel er personen som trenger hjelp?
home-help-age-help = Du kan hoppe over dette spørsmålet.
home-help-name = Hva heter du?
home-help-name-help = Skriv fornavn og etternavn.
home-help-phone = Hva er telefonnummeret ditt?
home-help-phone-help = Vi ringer deg på dette nummeret.
home-help-best-time = Når kan vi ringe deg?
home-help-best-time-help = Velg ett.
home-help-best-time-morning = Om formiddagen
home-help-best-time-afternoon = Om ettermiddagen
home-help-best-time-any = Når som helst
