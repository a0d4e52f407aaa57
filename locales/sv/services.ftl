# Texts of the services in assets/services/. Each service needs:
#   <service>-title, <service>-next (what happens after sending),
#   <service>-<step> (the question), <service>-<step>-help (help under the question),
#   <service>-<step>-<option> for every option of a choice.

## Report a fault
report-fault-title = Anmäl ett fel utomhus
report-fault-next = Vi tittar på felet inom 5 arbetsdagar. Om du vill att vi ringer dig, så ringer vi.
report-fault-what = Vad är fel?
report-fault-what-help = Välj det som passar bäst.
report-fault-what-street-light = En gatlampa fungerar inte
report-fault-what-pothole = Ett hål i vägen
report-fault-what-graffiti = Klotter
report-fault-what-litter = Skräp eller sopor
report-fault-what-other = Något annat
report-fault-where = Var är det?
report-fault-where-help = Skriv ett gatunamn, ett husnummer eller en plats som är lätt att hitta.
report-fault-details = Berätta mer
report-fault-details-help = Till exempel hur stort hålet är. Du kan hoppa över den här frågan.
report-fault-call-back = Vill du att vi ringer dig?
report-fault-call-back-help = Vi kan ringa dig när felet är lagat, eller om vi har frågor.
report-fault-phone = Vad är ditt telefonnummer?
report-fault-phone-help = Vi använder bara numret för att ringa dig om det här felet.

## Book a meeting
book-meeting-title = Boka ett möte
book-meeting-next = Kom till receptionen i kommunhuset på din tid. Om vi ska ringa dig gör vi det inom två arbetsdagar.
book-meeting-topic = Vad vill du prata om?
book-meeting-topic-help = Välj det som passar bäst.
book-meeting-topic-housing = Boende
book-meeting-topic-school = Skola eller förskola
book-meeting-topic-money = Pengar och ekonomiskt stöd
book-meeting-topic-building = Bygga eller ändra ett hus
book-meeting-topic-other = Något annat
book-meeting-time = Vilken tid vill du komma?
book-meeting-time-help = Tryck på en tid som passar dig.
book-meeting-name = Vad heter du?
book-meeting-name-help = Skriv ditt förnamn och efternamn.
book-meeting-contact = Hur vill du att vi bekräftar tiden?
book-meeting-contact-help = Vi bekräftar tiden före mötet.
book-meeting-contact-phone = Via telefon
book-meeting-contact-email = Via e-post
book-meeting-phone = Vad är ditt telefonnummer?
book-meeting-phone-help = Vi ringer dig för att bekräfta tiden.
book-meeting-email = Vad är din e-postadress?
book-meeting-email-help = Vi skickar tiden till den här adressen.

## Parking permit
parking-permit-title = Parkeringstillstånd för personer med funktionsnedsättning
parking-permit-next = Vi går igenom din ansökan. Det tar oftast 4 veckor. Vi skickar svaret med post.
parking-permit-personal-id = Vad är ditt personnummer?
parking-permit-personal-id-help = 12 siffror: år, månad, dag och 4 siffror till. Samordningsnummer går också bra.
parking-permit-name = Vad heter du?
parking-permit-name-help = Skriv ditt förnamn och efternamn.
parking-permit-postcode = Vad är ditt postnummer?
parking-permit-postcode-help = 5 siffror, till exempel 123 45.
parking-permit-driver = Ska du köra bilen själv?
parking-permit-driver-help = Svara nej om någon annan kör dig.
parking-permit-passenger-help = Varför behöver du att föraren hjälper dig?
parking-permit-passenger-help-help = Till exempel: Jag behöver hjälp att komma ur bilen.
parking-permit-walk = Hur långt kan du gå utan att vila?
parking-permit-walk-help = Tänk på en vanlig dag.
parking-permit-walk-under-100 = Kortare än 100 meter
parking-permit-walk-up-to-300 = 100 till 300 meter
parking-permit-walk-over-300 = Längre än 300 meter
parking-permit-certificate = Har du ett intyg från en läkare?
parking-permit-certificate-help = Vi behöver ett intyg. Du kan skicka det senare.
parking-permit-health-centre = Vilken vårdcentral gick du till?
parking-permit-health-centre-help = Skriv namnet på vårdcentralen eller läkaren.

## Public document
public-document-title = Be om en allmän handling
public-document-next = Vi svarar dig så snart vi kan, oftast inom 2 arbetsdagar.
public-document-document = Vilken handling vill du ha?
public-document-document-help = Skriv vad handlingen handlar om, och ett datum eller ett nummer om du vet det.
public-document-anonymous = Vill du vara anonym?
public-document-anonymous-help = Du behöver inte säga vem du är.
public-document-name = Vad heter du?
public-document-name-help = Vi använder ditt namn bara för att ge dig handlingen.
public-document-delivery = Hur vill du få handlingen?
public-document-delivery-help = Välj ett.
public-document-delivery-collect = Jag hämtar den i kommunhuset
public-document-delivery-post = Med post
public-document-delivery-email = Via e-post
public-document-address = Vad är din adress?
public-document-address-help = Skriv gata, husnummer och ort.
public-document-postcode = Vad är ditt postnummer?
public-document-postcode-help = 5 siffror, till exempel 123 45.
public-document-email = Vad är din e-postadress?
public-document-email-help = Vi skickar handlingen till den här adressen.

## Home help
home-help-title = Hemtjänst för äldre
home-help-next = Någon från hemtjänsten ringer dig inom 3 arbetsdagar.
home-help-who = Vem behöver hjälp?
home-help-who-help = Välj ett.
home-help-who-myself = Jag själv
home-help-who-relative = Någon i min familj
home-help-who-other = Någon annan
home-help-needs = Vilken hjälp behövs?
home-help-needs-help = Du kan välja fler än ett.
home-help-needs-cleaning = Städning
home-help-needs-shopping = Handla
home-help-needs-meals = Måltider
home-help-needs-personal-care = Tvätta sig och klä på sig
home-help-needs-alarm = Trygghetslarm
home-help-needs-company = Någon att prata med
home-help-from = Från vilken dag behövs hjälpen?
home-help-from-help = Du kan hoppa över den här frågan.
home-help-age = Hur gammal är personen som behöver hjälp?
home-help-age-help = Du kan hoppa över den här frågan.
home-help-name = Vad heter du?
home-help-name-help = Skriv ditt förnamn och efternamn.
home-help-phone = Vad är ditt telefonnummer?
home-help-phone-help = Vi ringer dig på det här numret.
home-help-best-time = När kan vi ringa dig?
home-help-best-time-help = Välj ett.
home-help-best-time-morning = På förmiddagen
home-help-best-time-afternoon = På eftermiddagen
home-help-best-time-any = När som helst
