# Texts of the kiosk itself. Plain language: short sentences, common words, one idea at a time.

## Attract screen and language
attract-greeting = Welcome
attract-touch = Touch the screen to start
language-title = Choose your language
button-language = Language

## Home
home-title = What do you want to do?
home-services = Services
home-info = Information

## Buttons
button-back = Back
button-next = Next
button-cancel = Cancel
button-send = Send
button-change = Change
button-done = Done
answer-yes = Yes
answer-no = No

## Questions
progress = Question { $current } of { $total }
question-optional = You can skip this question.
selected = Selected
not-selected = Not selected
field-hidden = Hidden for your privacy
button-show = Show
button-hide = Hide
date-hint = Write the date like this: { $example }

## Errors shown next to the field
error-required = Please answer the question.
error-too-short = Please write at least { $min } characters.
error-too-long = Please write at most { $max } characters.
error-number = Please write a number, for example 42.
error-number-range = Please write a number from { $min } to { $max }.
error-date-format = This is not a date. Write it like this: { $example }
error-date-range = Please choose a date from { $first } to { $last }.
error-phone = This is not a phone number. Write only digits, for example 070 123 45 67.
error-email = This is not an e-mail address. It looks like this: name@example.com
error-postcode = The postcode has { $digits } digits.
error-personal-id = This identity number is not correct. Please check the digits.

## Check your answers
review-title = Check your answers
review-no-answer = No answer

## Receipt
receipt-title = Thank you! We have received your request.
receipt-reference = Your reference number
receipt-keep = Write down the number or take a photo of it. Give the number if you contact us.
receipt-next-title = What happens next
rating-question = How was it to use the kiosk?
rating-1 = Very bad
rating-2 = Bad
rating-3 = OK
rating-4 = Good
rating-5 = Very good
rating-thanks = Thank you for telling us.

## Leaving and time-out
idle-title = Do you need more time?
idle-countdown = { $seconds ->
    [one] The screen will be cleared in { $seconds } second.
   *[other] The screen will be cleared in { $seconds } seconds.
}
idle-continue = Yes, I need more time
cancel-title = Do you want to stop?
cancel-body = Your answers will be deleted.
cancel-yes = Yes, stop and delete
cancel-no = No, go on

## Saving failed
save-failed-title = We could not save your request
save-failed-body = Please ask the staff for help. Your answers are still here.
save-failed-retry = Try again

## Dates
date-long = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
appointment-day = { $weekday } { $day } { $month }
appointment-at = { $day }, { $time }
appointment-call = We will call you to agree on a time.
appointment-fresh = Free times at { $time }.
appointment-holding = Keeping the time for you …
appointment-held = The time is yours while you finish.
appointment-taken = Someone just took that time. Please choose another time.
receipt-appointment = Your time: { $time }

## Connection to the back office
status-online = Online
status-offline = Offline
receipt-offline = Your request is saved on this kiosk and will be sent automatically when the connection is back.

## Speech
speech-listen = Listen
speech-off = Turn off speech
speech-repeat = Repeat
speech-stop = Stop
speech-slower = Slower
speech-faster = Faster
speech-quieter = Quieter
speech-louder = Louder
speech-unavailable = Speech is not available in this language.
speech-headphones = Headphones: read my answers too
speech-fallback = Listen in { $language }

## Display
display-contrast = High contrast
display-button = Text size and contrast
display-title = Text size and contrast
text-size-normal = Normal text
text-size-large = Large text
text-size-extra = Extra large text
display-close = Done

## Keyboard and keypad
help-keys = Move with the arrow keys or Tab. Press Enter to choose. Press Help to hear this again.
key-shift = Capital letter
key-backspace = Delete
key-space = Space
key-layout = Keyboard: { $layout }
key-digits = Arabic digits

## Help from staff
call-staff = Ask staff for help
call-staff-title = Staff are coming
call-staff-where = Staff are at the information desk by the entrance. We have seen that you need help.
call-staff-coming = Someone from the staff is on the way to you now.
call-staff-close = Close
staff-assisted-band = Helped by staff

## Paper: the print buttons, how printing goes, and what the paper says besides the page's texts
button-print-receipt = Print receipt
button-print-page = Print this page
print-working = Printing. Please wait.
print-done = Take your paper from the printer.
print-failed-receipt = The printer is not working. Please write down your number:
print-failed-page = The printer is not working. Please ask the staff for a copy.
paper-municipality = Exampleby Municipality
paper-receipt = Receipt
paper-sent = Sent: { $time }
paper-printed = Printed: { $time }
paper-contact = Questions? Call 0123-45 67 00 on weekdays 8–16, or ask at the desk. Give your reference number.
