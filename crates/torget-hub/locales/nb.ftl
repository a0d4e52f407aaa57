page-sign-in = Logg inn
sign-in-intro = Logg inn med kontoen administratoren din ga deg.
sign-in-ended = Du er logget ut: økten din ble avsluttet. Logg inn igjen for å fortsette.
field-name = Brukernavn
field-password = Passord
button-sign-in = Logg inn
button-sign-out = Logg ut
sign-in-wrong = Brukernavnet eller passordet er feil.
sign-in-wait = { $seconds ->
    [one] For mange mislykkede innlogginger. Prøv igjen om 1 sekund.
   *[other] For mange mislykkede innlogginger. Prøv igjen om { $seconds } sekunder.
}
sign-in-busy = Mange logger inn akkurat nå. Prøv igjen om et øyeblikk.
form-expired = Skjemaet var utløpt. Prøv igjen.
signed-in-as = Logget inn som { $name } ({ $role })
role-desk = servicetorg
role-case-handler = saksbehandler
role-admin = administrator
nav-kiosks = Kiosker
nav-requests = Saker
nav-audit = Logg
audit-filter = Finn hendelser
audit-export = Last ned som CSV
nav-accounts = Personer og kiosker
page-accounts = Personer og kiosker
accounts-people = Personer
accounts-name = Navn
accounts-role = Rolle
accounts-password-set = Passord satt
accounts-add-person = Legg til en person
button-add-person = Legg til personen
button-change-role = Bytt rolle
button-reset-password = Gi et nytt passord
button-remove-person = Fjern
accounts-kiosks = Kiosker
accounts-kiosk-name = Kiosk
accounts-kiosk-added = Lagt til
accounts-kiosk-state = Tilstand
accounts-kiosk-active = Kan sende
accounts-kiosk-revoked = Tilbakekalt { $time }
accounts-add-kiosk = Legg til en kiosk, eller gi en kiosk en ny nøkkel
button-add-kiosk = Lag en nøkkel
button-revoke-kiosk = Tilbakekall
accounts-password-once = Passordet til { $name } står nedenfor. Gi det til personen selv; det vises ikke igjen. Personen kan logge inn med det nå.
accounts-credential-once = Nøkkelen til kiosken { $name } står nedenfor. Skriv den inn i kioskens innstillinger som hub_token; den vises ikke igjen.
accounts-not-yourself = Du kan ikke fjerne din egen konto eller bytte din egen rolle. Spør en annen administrator.
accounts-name-taken = Det finnes allerede en konto som heter { $name }. Gi den et nytt passord i stedet.
accounts-name-bad = Et navn består av bokstaver, sifre, punktum, bindestrek og understrek, høyst 64.
accounts-done = Ferdig.
accounts-back = Tilbake til personer og kiosker
accounts-displays = Veggskjermer
accounts-displays-hint = En veggskjerm viser kiosker og hjelpeanrop uten skjemaer og uten at noen er logget inn: åpne lenken på skjermen.
accounts-add-display = Lag en lenke for en veggskjerm
button-add-display = Lag en lenke
accounts-display-active = I bruk
accounts-display-once = Lenken til veggskjermen { $name } står nedenfor: legg den etter serverens adresse og åpne den på skjermen. Den vises ikke igjen.
page-display = Kiosker og hjelpeanrop
page-kiosks = Kiosker
page-requests = Mottatte saker
page-audit = Logg
page-forbidden = Ikke for din rolle
forbidden-body = Kontoen din har ikke tilgang til denne siden. Spør en administrator hvis du trenger den.
kiosks-none = Ingen kiosk har meldt seg ennå.
kiosk-name = Kiosk
kiosk-last-heard = Sist hørt
kiosk-queue = Venter på å bli sendt
kiosk-help = Hjelp
kiosk-help-yes = En besøkende ber om hjelp
kiosk-error = Siste feil
kiosk-health = Tilstand
requests-none = Ingen saker er mottatt ennå.
requests-count = { $count } saker mottatt, fortsatt forseglet: de åpnes bare i saksbehandlerens nettleser.
request-notes = Notater
request-note-label = Et notat til saksbehandlerne
request-notes-hint = Forsegles i denne siden med kommunens nøkkel, akkurat som saken: serveren lagrer hvem som skrev og når, aldri ordene.
button-add-note = Legg til notatet
request-note-unreadable = (notatet åpnes ikke med denne nøkkelen)
requests-filter = Finn saker
requests-filter-state = Vis
requests-state-new = Nye
requests-state-handled = Behandlede
requests-state-all = Alle
requests-filter-service = Tjeneste
requests-filter-kiosk = Kiosk
requests-filter-any = Alle
requests-filter-from = Mottatt fra
requests-filter-to = Mottatt til
requests-filter-reference = Referansekode
button-filter = Vis
requests-matching = { $count ->
    [one] 1 sak passer; viser { $first }–{ $last }.
   *[other] { $count } saker passer; viser { $first }–{ $last }.
}
requests-none-matching = Ingen sak passer.
requests-pages = Sider
button-previous = Forrige
button-next = Neste
button-back-to-list = Tilbake til listen
button-mark-new = Merk som ny igjen
requests-session-ended = Innloggingen din har gått ut, så sakene er skjult. Logg inn igjen for å fortsette.
request-id = Sak
request-service = Tjeneste
request-kiosk = Kiosk
request-received = Mottatt
audit-when = Når
audit-who = Hvem
audit-what = Hva
audit-subject = Gjelder
audit-people = Handlinger utført av personer
audit-sign-ins = Mislykkede og avviste innlogginger (navnet er det som ble skrevet)
audit-newest = De { $count } nyeste vises.
language = Språk
nav-label = Sider
help-since = Venter siden { $time }
button-coming = Jeg kommer
button-done = Ferdig
help-coming-by = { $name } er på vei
help-alert = { $kiosk }: en besøkende ber om hjelp
kiosk-online = Tilkoblet
kiosk-offline = Ikke i kontakt
kiosk-revoked = Tilbakekalt: den kan ikke lenger sende
ago-minutes = { $minutes ->
    [0] nå nettopp
    [one] for 1 min siden
   *[other] for { $minutes } min siden
}
help-waited = { $minutes ->
    [0] har ventet mindre enn ett minutt
    [one] har ventet 1 minutt
   *[other] har ventet { $minutes } minutter
}
help-done-by = { $name } har markert som ferdig; kiosken bekrefter innen noen sekunder
kiosk-queue-at-contact = { $count } ved siste kontakt
desk-calls = Ber om hjelp nå
desk-calls-none = Ingen ber om hjelp.
requests-key-label = Åpne din private nøkkel (filen municipality.key)
requests-key-hint = Nøkkelen blir i denne siden: den sendes aldri til serveren, og den glemmes når du forlater eller lukker siden.
requests-key-bad = Filen er ingen privat nøkkel. Velg filen municipality.key som ble laget med torget keygen.
requests-key-opened = Nøkkelen er åpen: { $opened } av { $count } saker kan leses.
requests-key-none = Nøkkelen åpner ingen av sakene. Er det kommunens private nøkkel?
requests-noscript = Saker åpnes i denne siden med nøkkelen din, og det krever JavaScript. Slå det på i nettleseren.
request-reference = Referanse
request-assisted = Med hjelp
request-assisted-yes = Ja, av ansatte
request-assisted-no = Nei
request-state = Status
request-state-new = Ny
request-state-handled = Behandlet av { $name }, { $time }
request-open = Åpne
request-locked = Åpne nøkkelen din først: saken kan bare leses med den.
request-language = Språk
request-sent = Sendt fra kiosken
request-question = Spørsmål
request-answer = Svar
button-print = Skriv ut
button-download-json = Last ned (JSON)
button-download-csv = Last ned (CSV)
button-handled = Merk som behandlet
request-cannot-open = Saken kan ikke dekrypteres: den åpnes ikke med denne nøkkelen. Den ble forseglet med en annen nøkkel, eller ble skadet underveis.
request-not-request = Saken ble åpnet, men innholdet er ingen sak denne siden kan lese.
request-mismatch = Saken sier at den er en annen sak, eller fra en annen kiosk, enn den serveren mottok. Den vises ikke.
health-content = Innhold: { $version }
health-content-built-in = Innhold: som installert
health-speech-working = Opplesning virker
health-speech-broken = Opplesning virker ikke: { $reason }
health-printer-ready = Skriveren er klar
health-printer-broken = Skriveren virker ikke: { $reason }
health-disk = { $mb } MB ledig på disken
health-disk-low = Bare { $mb } MB ledig på disken
kiosk-not-sent = { $count } kunne ikke sendes (serveren tok ikke imot)
kiosk-place = Hvor den står
kiosk-place-change = Hvor står den?
button-save = Lagre
nav-content = Innhold
page-content = Innhold til kioskene
role-editor = redaktør
role-reviewer = kontrollør
content-published = Publisert
content-version = Versjon
content-when = Publisert
content-served = det nyeste
content-saved = Lagret.
service-remove-confirm = Fjerne spørsmålet og tekstene på alle språk?
info-remove-confirm = Fjerne avsnittet og tekstene på alle språk?
content-preview-failed = Siden kan ikke tegnes:
content-return-label = Send tilbake med en kommentar
content-return-hint = Skriv hva som skal endres: redaktørene ser det på denne siden og sender igjen.
content-return-needs-comment = Skriv hva som skal endres før du sender tilbake.
button-return = Send tilbake
content-returned = Sendt tilbake av { $name }:
content-rollout = { $count ->
    [0] ingen kiosk har meldt seg ennå
   *[other] { $have } av { $count } kiosker viser det; kioskene spør etter nytt innhold hvert tiende minutt og bytter mellom besøk
}
content-none-published = Ingenting er publisert fra serveren ennå: kioskene viser innholdet de ble installert med.
content-drafts = Levert til kontroll
content-draft = Utkast { $id }
content-note = Hva som er endret
content-state = Status
content-state-draft = Ikke sendt til kontroll ennå
content-state-in-review = Venter på kontroll
content-state-published = Publisert som { $version }
content-brought-by = Levert av
content-sent-by = Sendt til kontroll av
content-published-by = Publisert av
content-no-drafts = Ikke noe innhold venter.
content-upload-label = Velg mappen med innholdet (den som har assets og locales)
content-upload-note = Hva som er endret, med noen ord
button-upload = Lever til serveren
content-upload-failed = Innholdet kunne ikke leveres til serveren.
content-checks-ok = Innholdet består alle kontroller.
content-checks-problems = { $count ->
    [one] 1 ting å rette før innholdet kan sendes til gjennomgang:
   *[other] { $count } ting å rette før innholdet kan sendes til gjennomgang:
}
content-changes = Endringer mot det kioskene viser nå
change-service-added = Ny tjeneste: { $name }
change-service-removed = Tjenesten { $name } fjernes
change-service-changed = { $name }: spørsmålene endret
change-page-added = Ny informasjonsside: { $name }
change-page-removed = Informasjonssiden { $name } fjernes
change-page-changed = { $name }: avsnittene endret
change-texts = { $count ->
    [one] { $name }: 1 tekst på { $language } endret
   *[other] { $name }: { $count } tekster på { $language } endret
}
change-kiosk-texts = { $count ->
    [one] Kioskens egne ord: 1 tekst på { $language } endret
   *[other] Kioskens egne ord: { $count } tekster på { $language } endret
}
change-picture-added = Nytt bilde: { $name }
change-picture-removed = Bildet { $name } fjernes
change-picture-changed = Bildet { $name } endret
change-file-added = Ny fil: { $path }
change-file-removed = Filen { $path } fjernes
change-file-changed = Filen { $path } endret
content-checks-missing = { $count ->
    [one] Det mangler 1 tekst på { $language }.
   *[other] Det mangler { $count } tekster på { $language }.
}
content-checks-hard = { $count ->
    [one] 1 tekst på { $language } er vanskelig å lese.
   *[other] { $count } tekster på { $language } er vanskelige å lese.
}
content-checks-unused = { $count ->
    [one] 1 tekst på { $language } brukes ikke.
   *[other] { $count } tekster på { $language } brukes ikke.
}
content-checks-technical = Tekniske detaljer (for IT)
text-part-title = Navn
text-part-next = Hva som skjer videre
text-part-question = Spørsmål { $n }
text-part-help = Hjelpetekst til spørsmål { $n }
text-part-answer = Et svar på spørsmål { $n }
text-part-paragraph = Avsnitt { $n }
content-no-changes = Ingenting skiller seg fra det kioskene viser nå.
button-send-review = Send til kontroll
content-review-other = Noen andre enn deg må kontrollere og publisere det du leverte eller sendte.
content-key-label = Åpne nøkkelen for å signere innhold (filen content-signing.key)
content-key-hint = Nøkkelen signerer innholdet i denne siden og sendes aldri til serveren.
button-publish = Godkjenn og publiser
content-no-verify-key = For å publisere fra nettleseren trenger serveren nøkkelen kioskene kontrollerer med: start serveren med --content-verify-key.
content-key-wrong = Dette er ikke nøkkelen kioskene stoler på. Velg filen content-signing.key.
content-publish-failed = Innholdet ble ikke publisert:
content-preview = Forhåndsvisning, slik kiosken tegner den
content-preview-question = Spørsmålets nummer
content-preview-text = Tekststørrelse
content-preview-orientation = Skjerm
content-preview-landscape = Liggende
content-preview-portrait = Stående
button-preview = Vis
content-preview-alt = Spørsmål { $question } i { $service } på { $language }, slik kiosken tegner den
content-texts = Tjenestens tekster, side om side
content-text-id = Tekst
content-missing = { $count ->
    [one] 1 tekst mangler i hele innholdet
   *[other] { $count } tekster mangler i hele innholdet
}
content-text-missing = mangler
content-hard-to-read = Vanskelig å lese (LIX { $lix })
button-again = Bruk denne versjonen igjen
content-again-note = Tilbake til versjon { $version }
button-save-texts = Lagre tekstene
content-services = Tjenester
content-not-ready = ikke klart for denne tjenesten
service-new = Ny tjeneste
service-back = Tilbake til innholdet
service-unreadable = Tjenestens fil kan ikke leses. Rett den i mappen og lever den igjen:
service-title-needed = Skriv tjenestens navn først.
service-title = Tjenestens navn, på { $language }
service-next = Hva skjer videre? Vises på kvitteringen, på { $language }
service-pictogram = Bilde
service-not-ready = Språk som ikke er klare ennå
service-not-ready-hint = Kiosken viser ikke tjenesten på disse språkene før tekstene er klare. Fjern krysset når de er oversatt.
service-questions = Spørsmålene, på { $language }, i den rekkefølgen besøkende får dem
service-question = Spørsmål { $n }
service-question-words = Spørsmålet
service-question-help = Hjelpetekst under spørsmålet
service-kind = Svaret er
service-required = Må besvares
service-sensitive = Sensitivt: skjules på skjermen og leses aldri opp
service-options = Svaralternativer, ett per linje
service-limit-length = Antall tegn
service-limit-number = Tallet
service-limit-days = Dager fram fra i dag
service-limit-low = Minst
service-limit-high = Høyst
service-country = Land
service-show-if = Vis bare hvis
service-show-always = Vis alltid
service-new-kind = Svaret på et nytt spørsmål er
service-problems-elsewhere = { $count } problemer finnes i andre deler av innholdet.
service-see-all = Se alle kontroller
button-add-question = Legg til et spørsmål
button-create-service = Opprett tjenesten
button-move-up = Flytt opp
button-move-down = Flytt ned
button-remove-question = Fjern spørsmålet
answer-yes = Ja
answer-no = Nei
country-se = Sverige
country-no = Norge
country-fi = Finland
kind-text = en kort tekst
kind-long-text = en lengre tekst
kind-number = et tall
kind-date = en dato
kind-choice = ett av alternativene
kind-multi-choice = ett eller flere av alternativene
kind-yes-no = ja eller nei
kind-phone = et telefonnummer
kind-email = en e-postadresse
kind-postcode = et postnummer
kind-personal-id = et fødselsnummer
content-spoken = Dette leser kiosken opp
button-start-from-current = Begynn å endre det kioskene viser nå
content-nothing-current = Serveren har ikke noe innhold å begynne fra: lever en mappe i stedet.
service-missing = Det mangler { $count } tekster på { $language }. Skriv dem blant tjenestens tekster på innholdets side.
lang-sv = svensk
lang-nb = norsk bokmål
lang-en = engelsk
lang-ar = arabisk
lang-uk = ukrainsk
lang-fi = finsk
service-hard = { $part } er vanskelig å lese (LIX { $lix }, høyst { $max }). Skriv korte setninger med vanlige ord.
service-part-question = Spørsmålet
service-part-help = Hjelpeteksten
service-part-option = Svaret { $option }
service-part-title = Navnet
service-part-next = Teksten om hva som skjer videre
service-part-paragraph = Avsnittet
content-info-pages = Informasjonssider
info-new = Ny informasjonsside
info-title = Sidens navn, på { $language }
info-paragraphs = Avsnittene, på { $language }, i rekkefølge
info-paragraph = Avsnitt { $n }
info-paragraph-words = Teksten
button-add-paragraph = Legg til et avsnitt
button-remove-paragraph = Fjern avsnittet
button-create-page = Opprett siden
content-texts-link = tekstene på alle språk
service-version = Spørsmålenes versjon: { $version }. Den økes når spørsmålene endres, så saksbehandleren vet hvilke spørsmål den besøkende fikk.
content-preview-page = Siden
content-preview-page-question = Et spørsmål
content-preview-page-review = Sammendraget
content-preview-page-receipt = Kvitteringen
content-preview-question-hint = Gjelder når siden er et spørsmål. Informasjonssider vises hele.
