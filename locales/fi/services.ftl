# Texts of the services in assets/services/. Each service needs:
#   <service>-title, <service>-next (what happens after sending),
#   <service>-<step> (the question), <service>-<step>-help (help under the question),
#   <service>-<step>-<option> for every option of a choice.

## Report a fault
report-fault-title = Ilmoita viasta ulkona
report-fault-next = Katsomme vian 5 arkipäivän kuluessa. Jos haluat, että soitamme sinulle, soitamme.
report-fault-what = Mikä on vialla?
report-fault-what-help = Valitse se, joka sopii parhaiten.
report-fault-what-street-light = Katuvalo ei toimi
report-fault-what-pothole = Kuoppa tiessä
report-fault-what-graffiti = Graffiti
report-fault-what-litter = Roskia tai jätettä
report-fault-what-other = Jotain muuta
report-fault-where = Missä se on?
report-fault-where-help = Kirjoita kadun nimi, talon numero tai paikka, joka on helppo löytää.
report-fault-details = Kerro lisää
report-fault-details-help = Esimerkiksi kuinka iso kuoppa on. Voit ohittaa tämän kysymyksen.
report-fault-call-back = Haluatko, että soitamme sinulle?
report-fault-call-back-help = Voimme soittaa sinulle, kun vika on korjattu tai jos meillä on kysyttävää.
report-fault-phone = Mikä on puhelinnumerosi?
report-fault-phone-help = Käytämme numeroa vain, kun soitamme sinulle tästä viasta.

## Book a meeting
book-meeting-title = Varaa tapaaminen
book-meeting-next = Tule kunnantalon neuvontaan varattuna aikana. Jos meidän pitää soittaa sinulle, soitamme kahden arkipäivän kuluessa.
book-meeting-topic = Mistä haluat puhua?
book-meeting-topic-help = Valitse se, joka sopii parhaiten.
book-meeting-topic-housing = Asuminen
book-meeting-topic-school = Koulu tai päiväkoti
book-meeting-topic-money = Raha ja taloudellinen tuki
book-meeting-topic-building = Talon rakentaminen tai muuttaminen
book-meeting-topic-other = Jotain muuta
book-meeting-time = Mihin aikaan haluat tulla?
book-meeting-time-help = Kosketa aikaa, joka sopii sinulle.
book-meeting-name = Mikä on nimesi?
book-meeting-name-help = Kirjoita etunimesi ja sukunimesi.
book-meeting-contact = Miten haluat, että vahvistamme ajan?
book-meeting-contact-help = Vahvistamme ajan ennen tapaamista.
book-meeting-contact-phone = Puhelimella
book-meeting-contact-email = Sähköpostilla
book-meeting-phone = Mikä on puhelinnumerosi?
book-meeting-phone-help = Soitamme sinulle ja vahvistamme ajan.
book-meeting-email = Mikä on sähköpostiosoitteesi?
book-meeting-email-help = Lähetämme ajan tähän osoitteeseen.

## Parking permit
parking-permit-title = Pysäköintilupa vammaisille henkilöille
parking-permit-next = Käsittelemme hakemuksesi. Se kestää yleensä 4 viikkoa. Lähetämme vastauksen postitse.
parking-permit-personal-id = Mikä on henkilötunnuksesi?
parking-permit-personal-id-help = Ruotsalainen henkilönumero (personnummer) tai koordinointinumero (samordningsnummer): 12 numeroa. Myös norjalainen syntymänumero (fødselsnummer) tai D-numero käy.
parking-permit-name = Mikä on nimesi?
parking-permit-name-help = Kirjoita etunimesi ja sukunimesi.
parking-permit-postcode = Mikä on postinumerosi?
parking-permit-postcode-help = 5 numeroa, esimerkiksi 123 45.
parking-permit-driver = Ajatko autoa itse?
parking-permit-driver-help = Vastaa ei, jos joku muu ajaa autoa puolestasi.
parking-permit-passenger-help = Miksi tarvitset kuljettajan apua?
parking-permit-passenger-help-help = Esimerkiksi: Tarvitsen apua, kun nousen autosta.
parking-permit-walk = Kuinka pitkälle pystyt kävelemään ilman taukoa?
parking-permit-walk-help = Ajattele tavallista päivää.
parking-permit-walk-under-100 = Alle 100 metriä
parking-permit-walk-up-to-300 = 100–300 metriä
parking-permit-walk-over-300 = Yli 300 metriä
parking-permit-certificate = Onko sinulla lääkärintodistus?
parking-permit-certificate-help = Tarvitsemme todistuksen. Voit lähettää sen myöhemmin.
parking-permit-health-centre = Millä terveysasemalla kävit?
parking-permit-health-centre-help = Kirjoita terveysaseman (vårdcentral) tai lääkärin nimi.

## Public document
public-document-title = Pyydä julkinen asiakirja
public-document-next = Vastaamme sinulle niin pian kuin voimme, yleensä 2 arkipäivän kuluessa.
public-document-document = Minkä asiakirjan haluat?
public-document-document-help = Kirjoita, mistä asiakirjassa on kyse. Kirjoita myös päivämäärä tai numero, jos tiedät sen.
public-document-anonymous = Haluatko pysyä nimettömänä?
public-document-anonymous-help = Sinun ei tarvitse kertoa, kuka olet.
public-document-name = Mikä on nimesi?
public-document-name-help = Käytämme nimeäsi vain, jotta voimme antaa sinulle asiakirjan.
public-document-delivery = Miten haluat saada asiakirjan?
public-document-delivery-help = Valitse yksi.
public-document-delivery-collect = Haen sen kunnantalolta
public-document-delivery-post = Postitse
public-document-delivery-email = Sähköpostilla
public-document-address = Mikä on osoitteesi?
public-document-address-help = Kirjoita katu, talon numero ja paikkakunta.
public-document-postcode = Mikä on postinumerosi?
public-document-postcode-help = 5 numeroa, esimerkiksi 123 45.
public-document-email = Mikä on sähköpostiosoitteesi?
public-document-email-help = Lähetämme asiakirjan tähän osoitteeseen.

## Home help
home-help-title = Kotipalvelu ikääntyneille
home-help-next = Joku kotipalvelusta soittaa sinulle 3 arkipäivän kuluessa.
home-help-who = Kuka tarvitsee apua?
home-help-who-help = Valitse yksi.
home-help-who-myself = Minä itse
home-help-who-relative = Perheenjäseneni
home-help-who-other = Joku muu
home-help-needs = Mitä apua tarvitaan?
home-help-needs-help = Voit valita useamman kuin yhden.
home-help-needs-cleaning = Siivous
home-help-needs-shopping = Kaupassa käynti
home-help-needs-meals = Ateriat
home-help-needs-personal-care = Peseytyminen ja pukeutuminen
home-help-needs-alarm = Turvapuhelin
home-help-needs-company = Juttuseuraa
home-help-from = Mistä päivästä alkaen apua tarvitaan?
home-help-from-help = Voit ohittaa tämän kysymyksen.
home-help-age = Kuinka vanha avun tarvitsija on?
home-help-age-help = Voit ohittaa tämän kysymyksen.
home-help-name = Mikä on nimesi?
home-help-name-help = Kirjoita etunimesi ja sukunimesi.
home-help-phone = Mikä on puhelinnumerosi?
home-help-phone-help = Soitamme sinulle tähän numeroon.
home-help-best-time = Milloin voimme soittaa sinulle?
home-help-best-time-help = Valitse yksi.
home-help-best-time-morning = Aamupäivällä
home-help-best-time-afternoon = Iltapäivällä
home-help-best-time-any = Milloin vain
