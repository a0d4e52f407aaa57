page-sign-in = Logga in
sign-in-intro = Logga in med kontot som din administratör gav dig.
sign-in-ended = Du har loggats ut: din session tog slut. Logga in igen för att fortsätta.
field-name = Användarnamn
field-password = Lösenord
button-sign-in = Logga in
button-sign-out = Logga ut
sign-in-wrong = Användarnamnet eller lösenordet är fel.
sign-in-wait = { $seconds ->
    [one] För många misslyckade inloggningar. Försök igen om 1 sekund.
   *[other] För många misslyckade inloggningar. Försök igen om { $seconds } sekunder.
}
sign-in-busy = Många loggar in just nu. Försök igen om en liten stund.
form-expired = Formuläret hade gått ut. Försök igen.
signed-in-as = Inloggad som { $name } ({ $role })
role-desk = servicedisk
role-case-handler = handläggare
role-admin = administratör
nav-kiosks = Kiosker
nav-requests = Ärenden
nav-audit = Logg
audit-filter = Hitta händelser
audit-export = Ladda ner som CSV
nav-accounts = Personer och kiosker
page-accounts = Personer och kiosker
accounts-people = Personer
accounts-name = Namn
accounts-role = Roll
accounts-password-set = Lösenord satt
accounts-add-person = Lägg till en person
button-add-person = Lägg till personen
button-change-role = Byt roll
button-reset-password = Ge ett nytt lösenord
button-remove-person = Ta bort
accounts-kiosks = Kiosker
accounts-kiosk-name = Kiosk
accounts-kiosk-added = Tillagd
accounts-kiosk-state = Läge
accounts-kiosk-active = Kan skicka
accounts-kiosk-revoked = Återkallad { $time }
accounts-add-kiosk = Lägg till en kiosk, eller ge en kiosk en ny nyckel
button-add-kiosk = Gör en nyckel
button-revoke-kiosk = Återkalla
accounts-password-once = Lösenordet för { $name } står nedan. Ge det till personen själv; det visas inte igen. Personen kan logga in med det nu.
accounts-credential-once = Nyckeln för kiosken { $name } står nedan. Skriv in den i kioskens inställningar som hub_token; den visas inte igen.
accounts-not-yourself = Du kan inte ta bort ditt eget konto eller byta din egen roll. Be en annan administratör.
accounts-name-taken = Det finns redan ett konto som heter { $name }. Ge det ett nytt lösenord i stället.
accounts-name-bad = Ett namn består av bokstäver, siffror, punkt, bindestreck och understreck, högst 64.
accounts-done = Klart.
accounts-back = Tillbaka till personer och kiosker
accounts-displays = Väggskärmar
accounts-displays-hint = En väggskärm visar kiosker och hjälpanrop utan formulär och utan att någon är inloggad: öppna dess länk på skärmen.
accounts-add-display = Gör en länk för en väggskärm
button-add-display = Gör en länk
accounts-display-active = Används
accounts-display-once = Länken för väggskärmen { $name } står nedan: lägg den efter serverns adress och öppna den på skärmen. Den visas inte igen.
page-display = Kiosker och hjälpanrop
page-kiosks = Kiosker
page-requests = Mottagna ärenden
page-audit = Logg
page-forbidden = Inte för din roll
forbidden-body = Ditt konto får inte öppna den här sidan. Fråga en administratör om du behöver den.
kiosks-none = Ingen kiosk har hörts av ännu.
kiosk-name = Kiosk
kiosk-last-heard = Senast hörd
kiosk-queue = Väntar på att skickas
kiosk-help = Hjälp
kiosk-help-yes = En besökare ber om hjälp
kiosk-error = Senaste fel
kiosk-health = Skick
requests-none = Inga ärenden har kommit ännu.
requests-count = { $count } ärenden mottagna, fortfarande förseglade: de öppnas bara i handläggarens webbläsare.
request-notes = Anteckningar
request-note-label = En anteckning för handläggarna
request-notes-hint = Förseglas i den här sidan med kommunens nyckel, precis som ärendet: servern sparar vem som skrev och när, aldrig orden.
button-add-note = Lägg till anteckningen
request-note-unreadable = (anteckningen öppnas inte med den här nyckeln)
requests-filter = Hitta ärenden
requests-filter-state = Visa
requests-state-new = Nya
requests-state-handled = Hanterade
requests-state-all = Alla
requests-filter-service = Tjänst
requests-filter-kiosk = Kiosk
requests-filter-any = Alla
requests-filter-from = Mottagna från
requests-filter-to = Mottagna till
requests-filter-reference = Referenskod
button-filter = Visa
requests-matching = { $count ->
    [one] 1 ärende passar; visar { $first }–{ $last }.
   *[other] { $count } ärenden passar; visar { $first }–{ $last }.
}
requests-none-matching = Inget ärende passar.
requests-pages = Sidor
button-previous = Föregående
button-next = Nästa
button-back-to-list = Tillbaka till listan
button-mark-new = Markera som ny igen
requests-session-ended = Din inloggning har gått ut, så ärendena är dolda. Logga in igen för att fortsätta.
request-id = Ärende
request-service = Tjänst
request-kiosk = Kiosk
request-received = Mottaget
audit-when = När
audit-who = Vem
audit-what = Vad
audit-subject = Gäller
audit-people = Åtgärder av personer
audit-sign-ins = Misslyckade och nekade inloggningar (namnet är det som skrevs)
audit-newest = De { $count } senaste visas.
language = Språk
nav-label = Sidor
help-since = Väntar sedan { $time }
button-coming = Jag kommer
button-done = Klart
help-coming-by = { $name } är på väg
help-alert = { $kiosk }: en besökare ber om hjälp
kiosk-online = I drift
kiosk-offline = Inte i kontakt
kiosk-revoked = Återkallad: den kan inte längre skicka
ago-minutes = { $minutes ->
    [0] nyss
    [one] för 1 min sedan
   *[other] för { $minutes } min sedan
}
help-waited = { $minutes ->
    [0] har väntat mindre än en minut
    [one] har väntat 1 minut
   *[other] har väntat { $minutes } minuter
}
help-done-by = { $name } har markerat klart; kiosken bekräftar inom några sekunder
kiosk-queue-at-contact = { $count } vid senaste kontakt
desk-calls = Ber om hjälp nu
desk-calls-none = Ingen ber om hjälp.
requests-key-label = Öppna din privata nyckel (filen municipality.key)
requests-key-hint = Nyckeln stannar i den här sidan: den skickas aldrig till servern, och den glöms när du lämnar eller stänger sidan.
requests-key-bad = Filen är ingen privat nyckel. Välj filen municipality.key som gjordes med torget keygen.
requests-key-opened = Nyckeln är öppen: { $opened } av { $count } ärenden kan läsas.
requests-key-none = Nyckeln öppnar inget av ärendena. Är det kommunens privata nyckel?
requests-noscript = Ärenden öppnas i den här sidan med din nyckel, och det kräver JavaScript. Slå på det i webbläsaren.
request-reference = Referens
request-assisted = Med hjälp
request-assisted-yes = Ja, av personal
request-assisted-no = Nej
request-state = Status
request-state-new = Nytt
request-state-handled = Hanterat av { $name }, { $time }
request-open = Öppna
request-locked = Öppna din nyckel först: ärendet kan bara läsas med den.
request-language = Språk
request-sent = Skickat från kiosken
request-question = Fråga
request-answer = Svar
button-print = Skriv ut
button-download-json = Ladda ner (JSON)
button-download-csv = Ladda ner (CSV)
button-handled = Markera som hanterat
request-cannot-open = Ärendet kan inte dekrypteras: det öppnas inte med den här nyckeln. Det förseglades med en annan nyckel, eller skadades på vägen.
request-not-request = Ärendet öppnades, men innehållet är inget ärende som sidan kan läsa.
request-mismatch = Ärendet säger att det är ett annat ärende, eller från en annan kiosk, än det servern tog emot. Det visas inte.
health-content = Innehåll: { $version }
health-content-built-in = Innehåll: som installerat
health-speech-working = Uppläsning fungerar
health-speech-broken = Uppläsning fungerar inte: { $reason }
health-printer-ready = Skrivaren är redo
health-printer-broken = Skrivaren fungerar inte: { $reason }
health-disk = { $mb } MB ledigt på disken
health-disk-low = Bara { $mb } MB ledigt på disken
kiosk-not-sent = { $count } kunde inte skickas (servern tog inte emot)
kiosk-place = Var den står
kiosk-place-change = Var står den?
button-save = Spara
nav-content = Innehåll
page-content = Innehåll till kioskerna
role-editor = redaktör
role-reviewer = granskare
content-published = Publicerat
content-version = Version
content-when = Publicerad
content-served = det nyaste
content-saved = Sparat.
service-remove-confirm = Ta bort frågan och dess texter på alla språk?
info-remove-confirm = Ta bort stycket och dess texter på alla språk?
content-preview-failed = Sidan kan inte ritas:
content-return-label = Skicka tillbaka med en kommentar
content-return-hint = Skriv vad som ska ändras: redaktörerna ser det på den här sidan och skickar igen.
content-return-needs-comment = Skriv vad som ska ändras innan du skickar tillbaka.
button-return = Skicka tillbaka
content-returned = Skickat tillbaka av { $name }:
content-rollout = { $count ->
    [0] ingen kiosk har hörts av än
   *[other] { $have } av { $count } kiosker visar den; kioskerna frågar efter nytt innehåll var tionde minut och byter mellan besök
}
content-none-published = Inget har publicerats från servern än: kioskerna visar innehållet de installerades med.
content-drafts = Lämnat för granskning
content-draft = Utkast { $id }
content-note = Vad som ändrats
content-state = Status
content-state-draft = Inte skickat för granskning än
content-state-in-review = Väntar på granskning
content-state-published = Publicerat som { $version }
content-brought-by = Lämnat av
content-sent-by = Skickat för granskning av
content-published-by = Publicerat av
content-no-drafts = Inget innehåll väntar.
content-upload-label = Välj mappen med innehållet (den som har assets och locales)
content-upload-note = Vad som ändrats, med några ord
button-upload = Lämna till servern
content-upload-failed = Innehållet kunde inte lämnas till servern.
content-checks-ok = Innehållet klarar alla kontroller.
content-checks-problems = { $count ->
    [one] 1 sak att rätta innan innehållet kan skickas för granskning:
   *[other] { $count } saker att rätta innan innehållet kan skickas för granskning:
}
content-changes = Ändringar mot det kioskerna visar nu
change-service-added = Ny tjänst: { $name }
change-service-removed = Tjänsten { $name } tas bort
change-service-changed = { $name }: frågorna ändrade
change-page-added = Ny informationssida: { $name }
change-page-removed = Informationssidan { $name } tas bort
change-page-changed = { $name }: styckena ändrade
change-texts = { $count ->
    [one] { $name }: 1 text på { $language } ändrad
   *[other] { $name }: { $count } texter på { $language } ändrade
}
change-kiosk-texts = { $count ->
    [one] Kioskens egna ord: 1 text på { $language } ändrad
   *[other] Kioskens egna ord: { $count } texter på { $language } ändrade
}
change-picture-added = Ny bild: { $name }
change-picture-removed = Bilden { $name } tas bort
change-picture-changed = Bilden { $name } ändrad
change-file-added = Ny fil: { $path }
change-file-removed = Filen { $path } tas bort
change-file-changed = Filen { $path } ändrad
content-checks-missing = { $count ->
    [one] Det saknas 1 text på { $language }.
   *[other] Det saknas { $count } texter på { $language }.
}
content-checks-hard = { $count ->
    [one] 1 text på { $language } är svår att läsa.
   *[other] { $count } texter på { $language } är svåra att läsa.
}
content-checks-unused = { $count ->
    [one] 1 text på { $language } används inte.
   *[other] { $count } texter på { $language } används inte.
}
content-checks-technical = Tekniska detaljer (för IT)
text-part-title = Namn
text-part-next = Vad som händer sedan
text-part-question = Fråga { $n }
text-part-help = Hjälptext till fråga { $n }
text-part-answer = Ett svar på fråga { $n }
text-part-paragraph = Stycke { $n }
content-no-changes = Inget skiljer sig från det kioskerna visar nu.
button-send-review = Skicka för granskning
content-review-other = Någon annan än du måste granska och publicera det du lämnat eller skickat.
content-key-label = Öppna nyckeln för att signera innehåll (filen content-signing.key)
content-key-hint = Nyckeln signerar innehållet i den här sidan och skickas aldrig till servern.
button-publish = Godkänn och publicera
content-no-verify-key = För att publicera från webbläsaren behöver servern nyckeln som kioskerna kontrollerar med: starta servern med --content-verify-key.
content-key-wrong = Det här är inte nyckeln som kioskerna litar på. Välj filen content-signing.key.
content-publish-failed = Innehållet publicerades inte:
content-preview = Förhandsvisning, som kiosken ritar den
content-preview-question = Frågans nummer
content-preview-text = Textstorlek
content-preview-orientation = Skärm
content-preview-landscape = Liggande
content-preview-portrait = Stående
button-preview = Visa
content-preview-alt = Fråga { $question } i { $service } på { $language }, som kiosken ritar den
content-texts = Tjänstens texter, sida vid sida
content-text-id = Text
content-missing = { $count ->
    [one] 1 text saknas i hela innehållet
   *[other] { $count } texter saknas i hela innehållet
}
content-text-missing = saknas
content-hard-to-read = Svår att läsa (LIX { $lix })
button-again = Använd den här versionen igen
content-again-note = Tillbaka till version { $version }
button-save-texts = Spara texterna
content-services = Tjänster
content-not-ready = inte klart för den här tjänsten
service-new = Ny tjänst
service-back = Tillbaka till innehållet
service-unreadable = Tjänstens fil går inte att läsa. Rätta den i mappen och lämna den igen:
service-title-needed = Skriv tjänstens namn först.
service-title = Tjänstens namn, på { $language }
service-next = Vad händer sedan? Visas på kvittot, på { $language }
service-pictogram = Bild
service-not-ready = Språk som inte är klara än
service-not-ready-hint = Kiosken visar inte tjänsten på de här språken förrän texterna är klara. Kryssa ur när de är översatta.
service-questions = Frågorna, på { $language }, i den ordning besökaren får dem
service-question = Fråga { $n }
service-question-words = Frågan
service-question-help = Hjälptext under frågan
service-kind = Svaret är
service-required = Måste besvaras
service-sensitive = Känsligt: döljs på skärmen och läses aldrig upp
service-options = Svarsalternativ, ett per rad
service-limit-length = Antal tecken
service-limit-number = Talet
service-limit-days = Dagar framåt från i dag
service-limit-low = Minst
service-limit-high = Högst
service-country = Land
service-show-if = Visa bara om
service-show-always = Visa alltid
service-new-kind = Svaret på en ny fråga är
service-problems-elsewhere = { $count } problem finns i andra delar av innehållet.
service-see-all = Se alla kontroller
button-add-question = Lägg till en fråga
button-create-service = Skapa tjänsten
button-move-up = Flytta upp
button-move-down = Flytta ner
button-remove-question = Ta bort frågan
answer-yes = Ja
answer-no = Nej
country-se = Sverige
country-no = Norge
country-fi = Finland
kind-text = en kort text
kind-long-text = en längre text
kind-number = ett tal
kind-date = ett datum
kind-choice = ett av alternativen
kind-multi-choice = ett eller flera av alternativen
kind-yes-no = ja eller nej
kind-phone = ett telefonnummer
kind-email = en e-postadress
kind-postcode = ett postnummer
kind-personal-id = ett personnummer
content-spoken = Det här läser kiosken upp
button-start-from-current = Börja ändra det kioskerna visar nu
content-nothing-current = Servern har inget innehåll att börja från: lämna en mapp i stället.
service-missing = Det saknas { $count } texter på { $language }. Skriv dem bland tjänstens texter på innehållets sida.
lang-sv = svenska
lang-nb = norska (bokmål)
lang-en = engelska
lang-ar = arabiska
lang-uk = ukrainska
lang-fi = finska
service-hard = { $part } är svår att läsa (LIX { $lix }, högst { $max }). Skriv korta meningar med vanliga ord.
service-part-question = Frågan
service-part-help = Hjälptexten
service-part-option = Svaret { $option }
service-part-title = Namnet
service-part-next = Texten om vad som händer sedan
service-part-paragraph = Stycket
content-info-pages = Informationssidor
info-new = Ny informationssida
info-title = Sidans namn, på { $language }
info-paragraphs = Styckena, på { $language }, i ordning
info-paragraph = Stycke { $n }
info-paragraph-words = Texten
button-add-paragraph = Lägg till ett stycke
button-remove-paragraph = Ta bort stycket
button-create-page = Skapa sidan
content-texts-link = texterna på alla språk
service-version = Frågornas version: { $version }. Den höjs när frågorna ändras, så att handläggaren vet vilka frågor besökaren fick.
content-preview-page = Sidan
content-preview-page-question = En fråga
content-preview-page-review = Sammanfattningen
content-preview-page-receipt = Kvittot
content-preview-question-hint = Gäller när sidan är en fråga. Informationssidor visas hela.
