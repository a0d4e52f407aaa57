page-sign-in = Sign in
sign-in-intro = Sign in with the account your administrator gave you.
sign-in-ended = You were signed out: your session ended. Sign in again to go on.
field-name = User name
field-password = Password
button-sign-in = Sign in
button-sign-out = Sign out
sign-in-wrong = The user name or the password is wrong.
sign-in-wait = { $seconds ->
    [one] Too many failed sign-ins. Try again in 1 second.
   *[other] Too many failed sign-ins. Try again in { $seconds } seconds.
}
sign-in-busy = Many people are signing in right now. Try again in a moment.
form-expired = The form had expired. Please try again.
signed-in-as = Signed in as { $name } ({ $role })
role-desk = service desk
role-case-handler = case handler
role-admin = administrator
nav-kiosks = Kiosks
nav-requests = Requests
nav-audit = Audit log
audit-filter = Find entries
audit-export = Download as CSV
nav-accounts = People and kiosks
page-accounts = People and kiosks
accounts-people = People
accounts-name = Name
accounts-role = Role
accounts-password-set = Password set
accounts-add-person = Add a person
button-add-person = Add the person
button-change-role = Change role
button-reset-password = Give a new password
button-remove-person = Remove
accounts-kiosks = Kiosks
accounts-kiosk-name = Kiosk
accounts-kiosk-added = Added
accounts-kiosk-state = State
accounts-kiosk-active = Can send
accounts-kiosk-revoked = Revoked { $time }
accounts-add-kiosk = Add a kiosk, or give a kiosk a new credential
button-add-kiosk = Make a credential
button-revoke-kiosk = Revoke
accounts-password-once = The password of { $name } is below. Give it to them in person; it is not shown again. They can sign in with it now.
accounts-credential-once = The credential of kiosk { $name } is below. Put it in the kiosk's config as hub_token; it is not shown again.
accounts-not-yourself = You cannot remove your own account or change your own role. Ask another administrator.
accounts-name-taken = There is already an account named { $name }. Give it a new password instead.
accounts-name-bad = A name is letters, digits, dots, dashes and underscores, at most 64.
accounts-done = Done.
accounts-back = Back to people and kiosks
accounts-displays = Wall displays
accounts-displays-hint = A wall display shows the kiosks and help calls without forms and without signing anyone in: open its link on the screen.
accounts-add-display = Make a link for a wall display
button-add-display = Make a link
accounts-display-active = In use
accounts-display-once = The link of the wall display { $name } is below: add it to the hub's address and open it on the screen. It is not shown again.
page-display = Kiosks and help calls
page-kiosks = Kiosks
page-requests = Requests received
page-audit = Audit log
page-forbidden = Not for your role
forbidden-body = Your account may not open this page. Ask an administrator if you need it.
kiosks-none = No kiosk has been heard from yet.
kiosk-name = Kiosk
kiosk-last-heard = Last heard
kiosk-queue = Waiting to be sent
kiosk-help = Help
kiosk-help-yes = A visitor asks for help
kiosk-error = Last error
kiosk-health = Condition
requests-none = No requests received yet.
requests-count = { $count } requests received, still sealed: they are opened only in the case handler's browser.
request-notes = Notes
request-note-label = A note for the case handlers
request-notes-hint = Sealed in this page with the municipality's key, like the request: the hub keeps who wrote it and when, never the words.
button-add-note = Add the note
request-note-unreadable = (this note does not open with this key)
requests-filter = Find requests
requests-filter-state = Show
requests-state-new = New
requests-state-handled = Handled
requests-state-all = All
requests-filter-service = Service
requests-filter-kiosk = Kiosk
requests-filter-any = All
requests-filter-from = Received from
requests-filter-to = Received until
requests-filter-reference = Reference code
button-filter = Show
requests-matching = { $count ->
    [one] 1 request matches; showing { $first }–{ $last }.
   *[other] { $count } requests match; showing { $first }–{ $last }.
}
requests-none-matching = No request matches.
requests-pages = Pages
button-previous = Previous
button-next = Next
button-back-to-list = Back to the list
button-mark-new = Mark as new again
requests-session-ended = Your session has ended, so the requests are hidden. Sign in again to go on.
request-id = Request
request-service = Service
request-kiosk = Kiosk
request-received = Received
audit-when = When
audit-who = Who
audit-what = What
audit-subject = Concerning
audit-people = Actions by people
audit-sign-ins = Failed and refused sign-ins (the name is what was typed)
audit-newest = The newest { $count } are shown.
language = Language
nav-label = Pages
help-since = Waiting since { $time }
button-coming = I'm on my way
button-done = Done
help-coming-by = { $name } is on the way
help-alert = { $kiosk }: a visitor asks for help
kiosk-online = Online
kiosk-offline = Offline
kiosk-revoked = Revoked: it can no longer send
ago-minutes = { $minutes ->
    [0] just now
    [one] 1 min ago
   *[other] { $minutes } min ago
}
help-waited = { $minutes ->
    [0] waiting less than a minute
    [one] waiting 1 minute
   *[other] waiting { $minutes } minutes
}
help-done-by = { $name } marked it done; the kiosk confirms within seconds
kiosk-queue-at-contact = { $count } at last contact
desk-calls = Asking for help now
desk-calls-none = Nobody is asking for help.
requests-key-label = Open your private key (the file municipality.key)
requests-key-hint = The key stays in this page: it is never sent to the hub, and it is forgotten when you leave or close the page.
requests-key-bad = This file is not a private key. Choose the file municipality.key that was made with torget keygen.
requests-key-opened = The key is open: { $opened } of { $count } requests can be read.
requests-key-none = This key opens none of the requests. Is it the municipality's private key?
requests-noscript = Requests are opened in this page with your key, and that needs JavaScript. Switch it on in your browser.
request-reference = Reference
request-assisted = Assisted
request-assisted-yes = Yes, by staff
request-assisted-no = No
request-state = State
request-state-new = New
request-state-handled = Handled by { $name }, { $time }
request-open = Open
request-locked = Open your key first: the request can be read only with it.
request-language = Language
request-sent = Sent from the kiosk
request-question = Question
request-answer = Answer
button-print = Print
button-download-json = Download (JSON)
button-download-csv = Download (CSV)
button-handled = Mark as handled
request-cannot-open = This request cannot be decrypted: it does not open with this key. It was sealed to another key, or it was damaged on the way.
request-not-request = This request opened, but what it holds is not a request this page can read.
request-mismatch = This request says it is another request, or from another kiosk, than the one the hub received. It is not shown.
health-content = Content: { $version }
health-content-built-in = Content: as installed
health-speech-working = Reading aloud works
health-speech-broken = Reading aloud does not work: { $reason }
health-printer-ready = Printer ready
health-printer-broken = Printer does not work: { $reason }
health-disk = { $mb } MB free on disk
health-disk-low = Only { $mb } MB free on disk
kiosk-not-sent = { $count } could not be sent (refused by the hub)
kiosk-place = Where it stands
kiosk-place-change = Where is it?
button-save = Save
nav-content = Content
page-content = Content for the kiosks
role-editor = editor
role-reviewer = reviewer
content-published = Published
content-version = Version
content-when = Published
content-served = the newest
content-saved = Saved.
service-remove-confirm = Remove this question and its texts in every language?
info-remove-confirm = Remove this paragraph and its texts in every language?
content-preview-failed = This page cannot be drawn:
content-return-label = Send it back with a comment
content-return-hint = Say what to change: the editors see it on this page and send it again.
content-return-needs-comment = Say what to change before sending it back.
button-return = Send back
content-returned = Sent back by { $name }:
content-rollout = { $count ->
    [0] no kiosk has been heard from yet
   *[other] { $have } of { $count } kiosks show it; kiosks ask for new content every 10 minutes and take it between visits
}
content-none-published = Nothing has been published from the hub yet: the kiosks show the content they were installed with.
content-drafts = Brought for review
content-draft = Draft { $id }
content-note = What changed
content-state = State
content-state-draft = Not yet sent for review
content-state-in-review = Waiting for review
content-state-published = Published as { $version }
content-brought-by = Brought by
content-sent-by = Sent for review by
content-published-by = Published by
content-no-drafts = No content is waiting.
content-upload-label = Choose the content folder (the one that holds assets and locales)
content-upload-note = What changed, in a few words
button-upload = Bring to the hub
content-upload-failed = The content could not be brought to the hub.
content-checks-ok = The content passes every check.
content-checks-problems = { $count ->
    [one] 1 thing to fix before this can be sent for review:
   *[other] { $count } things to fix before this can be sent for review:
}
content-changes = Changes against what the kiosks show now
change-service-added = New service: { $name }
change-service-removed = The service { $name } is removed
change-service-changed = { $name }: the questions changed
change-page-added = New information page: { $name }
change-page-removed = The information page { $name } is removed
change-page-changed = { $name }: the paragraphs changed
change-texts = { $count ->
    [one] { $name }: 1 text in { $language } changed
   *[other] { $name }: { $count } texts in { $language } changed
}
change-kiosk-texts = { $count ->
    [one] The kiosk's own words: 1 text in { $language } changed
   *[other] The kiosk's own words: { $count } texts in { $language } changed
}
change-picture-added = New picture: { $name }
change-picture-removed = The picture { $name } is removed
change-picture-changed = The picture { $name } changed
change-file-added = New file: { $path }
change-file-removed = The file { $path } is removed
change-file-changed = The file { $path } changed
content-checks-missing = { $count ->
    [one] 1 text is missing in { $language }.
   *[other] { $count } texts are missing in { $language }.
}
content-checks-hard = { $count ->
    [one] 1 text in { $language } is hard to read.
   *[other] { $count } texts in { $language } are hard to read.
}
content-checks-unused = { $count ->
    [one] 1 text in { $language } is not used.
   *[other] { $count } texts in { $language } are not used.
}
content-checks-technical = Technical details (for IT)
text-part-title = Name
text-part-next = What happens next
text-part-question = Question { $n }
text-part-help = Help for question { $n }
text-part-answer = An answer to question { $n }
text-part-paragraph = Paragraph { $n }
content-no-changes = Nothing differs from what the kiosks show now.
button-send-review = Send for review
content-review-other = Someone other than you must review and publish what you brought or sent.
content-key-label = Open the content-signing key (the file content-signing.key)
content-key-hint = The key signs the content in this page and is never sent to the hub.
button-publish = Approve and publish
content-no-verify-key = Publishing from the browser needs the key the kiosks check content with: start the hub with --content-verify-key.
content-key-wrong = This is not the content-signing key the kiosks trust. Choose the file content-signing.key.
content-publish-failed = The content was not published:
content-preview = Preview, as the kiosk draws it
content-preview-question = Question number
content-preview-text = Text size
content-preview-orientation = Screen
content-preview-landscape = Landscape
content-preview-portrait = Portrait
button-preview = Show
content-preview-alt = Question { $question } of { $service } in { $language }, as the kiosk draws it
content-texts = Texts of the service, side by side
content-text-id = Text
content-missing = { $count ->
    [one] 1 text missing in all the content
   *[other] { $count } texts missing in all the content
}
content-text-missing = missing
content-hard-to-read = Hard to read (LIX { $lix })
button-again = Use this version again
content-again-note = Back to version { $version }
button-save-texts = Save the texts
content-services = Services
content-not-ready = not ready for this service
service-new = New service
service-back = Back to the content
service-unreadable = The service's file cannot be read. Mend it in the folder and bring it again:
service-title-needed = Write the service's name first.
service-title = The service's name, in { $language }
service-next = What happens next? Shown on the receipt, in { $language }
service-pictogram = Picture
service-not-ready = Languages not ready yet
service-not-ready-hint = The kiosk does not show the service in these languages until their texts are done. Untick them once translated.
service-questions = The questions, in { $language }, in the order the visitor gets them
service-question = Question { $n }
service-question-words = The question
service-question-help = Help text under the question
service-kind = The answer is
service-required = Must be answered
service-sensitive = Sensitive: hidden on screen and never read aloud
service-options = Answers to choose from, one per line
service-limit-length = Number of characters
service-limit-number = The number
service-limit-days = Days ahead from today
service-limit-low = At least
service-limit-high = At most
service-country = Country
service-show-if = Show only if
service-show-always = Always show
service-new-kind = The answer to a new question is
service-problems-elsewhere = { $count } problems are in other parts of the content.
service-see-all = See every check
button-add-question = Add a question
button-create-service = Create the service
button-move-up = Move up
button-move-down = Move down
button-remove-question = Remove the question
answer-yes = Yes
answer-no = No
country-se = Sweden
country-no = Norway
country-fi = Finland
kind-text = a short text
kind-long-text = a longer text
kind-number = a number
kind-date = a date
kind-choice = one of the answers
kind-multi-choice = one or more of the answers
kind-yes-no = yes or no
kind-phone = a phone number
kind-email = an e-mail address
kind-postcode = a postcode
kind-personal-id = an identity number
content-spoken = What the kiosk reads aloud
button-start-from-current = Start changing what the kiosks show now
content-nothing-current = The hub has no content to start from: bring a folder instead.
service-missing = { $count } texts are missing in { $language }. Write them among the service's texts on the content page.
lang-sv = Swedish
lang-nb = Norwegian (bokmål)
lang-en = English
lang-ar = Arabic
lang-uk = Ukrainian
lang-fi = Finnish
service-hard = { $part } is hard to read (LIX { $lix }, at most { $max }). Write short sentences with everyday words.
service-part-question = The question
service-part-help = The help text
service-part-option = The answer { $option }
service-part-title = The name
service-part-next = The text on what happens next
service-part-paragraph = The paragraph
content-info-pages = Information pages
info-new = New information page
info-title = The page's name, in { $language }
info-paragraphs = The paragraphs, in { $language }, in order
info-paragraph = Paragraph { $n }
info-paragraph-words = The text
button-add-paragraph = Add a paragraph
button-remove-paragraph = Remove the paragraph
button-create-page = Create the page
content-texts-link = the texts in every language
service-version = Version of the questions: { $version }. It goes up when the questions change, so the case handler knows which questions the visitor was asked.
content-preview-page = The page
content-preview-page-question = A question
content-preview-page-review = The summary
content-preview-page-receipt = The receipt
content-preview-question-hint = For a question page. Information pages are shown whole.
