# Texts of the services in assets/services/. Each service needs:
#   <service>-title, <service>-next (what happens after sending),
#   <service>-<step> (the question), <service>-<step>-help (help under the question),
#   <service>-<step>-<option> for every option of a choice.

## Report a fault
report-fault-title = Report a fault outside
report-fault-next = We will look at the fault within 5 working days. If you want us to call you, we will call.
report-fault-what = What is wrong?
report-fault-what-help = Choose the one that fits best.
report-fault-what-street-light = A street light does not work
report-fault-what-pothole = A hole in the road
report-fault-what-graffiti = Graffiti
report-fault-what-litter = Litter or rubbish
report-fault-what-other = Something else
report-fault-where = Where is it?
report-fault-where-help = Write a street name, a house number or a place that is easy to find.
report-fault-details = Tell us more
report-fault-details-help = For example how big the hole is. You can skip this question.
report-fault-call-back = Do you want us to call you?
report-fault-call-back-help = We can call you when the fault is fixed, or if we have questions.
report-fault-phone = What is your phone number?
report-fault-phone-help = We only use the number to call you about this fault.

## Book a meeting
book-meeting-title = Book a meeting
book-meeting-next = Come to the town hall reception at your time. If we are to call you, we call within two working days.
book-meeting-topic = What do you want to talk about?
book-meeting-topic-help = Choose the one that fits best.
book-meeting-topic-housing = Housing
book-meeting-topic-school = School or preschool
book-meeting-topic-money = Money and financial support
book-meeting-topic-building = Building or changing a house
book-meeting-topic-other = Something else
book-meeting-time = What time do you want to come?
book-meeting-time-help = Touch a time that suits you.
book-meeting-name = What is your name?
book-meeting-name-help = Write your first name and last name.
book-meeting-contact = How do you want us to confirm the time?
book-meeting-contact-help = We confirm the time before the meeting.
book-meeting-contact-phone = By phone
book-meeting-contact-email = By e-mail
book-meeting-phone = What is your phone number?
book-meeting-phone-help = We call you to confirm the time.
book-meeting-email = What is your e-mail address?
book-meeting-email-help = We send the time to this address.

## Parking permit
parking-permit-title = Parking permit for disabled people
parking-permit-next = We will look at your application. It usually takes 4 weeks. We send the answer by post.
parking-permit-personal-id = What is your personal identity number?
parking-permit-personal-id-help = 12 digits: year, month, day and 4 more digits. A coordination number also works.
parking-permit-name = What is your name?
parking-permit-name-help = Write your first name and last name.
parking-permit-postcode = What is your postcode?
parking-permit-postcode-help = 5 digits, for example 123 45.
parking-permit-driver = Will you drive the car yourself?
parking-permit-driver-help = Answer no if someone else drives you.
parking-permit-passenger-help = Why do you need the driver to help you?
parking-permit-passenger-help-help = For example: I need help to get out of the car.
parking-permit-walk = How far can you walk without a break?
parking-permit-walk-help = Think of a normal day.
parking-permit-walk-under-100 = Less than 100 metres
parking-permit-walk-up-to-300 = 100 to 300 metres
parking-permit-walk-over-300 = More than 300 metres
parking-permit-certificate = Do you have a certificate from a doctor?
parking-permit-certificate-help = We need a certificate. You can send it later.
parking-permit-health-centre = Which health centre did you go to?
parking-permit-health-centre-help = Write the name of the health centre or the doctor.

## Public document
public-document-title = Ask for a public document
public-document-next = We will answer you as soon as we can, usually within 2 working days.
public-document-document = Which document do you want?
public-document-document-help = Write what the document is about, and a date or a number if you know it.
public-document-anonymous = Do you want to be anonymous?
public-document-anonymous-help = You do not have to say who you are.
public-document-name = What is your name?
public-document-name-help = We use your name only to give you the document.
public-document-delivery = How do you want to get the document?
public-document-delivery-help = Choose one.
public-document-delivery-collect = I will collect it at the town hall
public-document-delivery-post = By post
public-document-delivery-email = By e-mail
public-document-address = What is your address?
public-document-address-help = Write the street, the house number and the town.
public-document-postcode = What is your postcode?
public-document-postcode-help = 5 digits, for example 123 45.
public-document-email = What is your e-mail address?
public-document-email-help = We send the document to this address.

## Home help
home-help-title = Help at home for older people
home-help-next = Someone from home help will call you within 3 working days.
home-help-who = Who needs help?
home-help-who-help = Choose one.
home-help-who-myself = I do
home-help-who-relative = A person in my family
home-help-who-other = Someone else
home-help-needs = What help is needed?
home-help-needs-help = You can choose more than one.
home-help-needs-cleaning = Cleaning
home-help-needs-shopping = Shopping
home-help-needs-meals = Meals
home-help-needs-personal-care = Washing and dressing
home-help-needs-alarm = A safety alarm
home-help-needs-company = Someone to talk to
home-help-from = From which day is help needed?
home-help-from-help = You can skip this question.
home-help-age = How old is the person who needs help?
home-help-age-help = You can skip this question.
home-help-name = What is your name?
home-help-name-help = Write your first name and last name.
home-help-phone = What is your phone number?
home-help-phone-help = We call you on this number.
home-help-best-time = When can we call you?
home-help-best-time-help = Choose one.
home-help-best-time-morning = In the morning
home-help-best-time-afternoon = In the afternoon
home-help-best-time-any = Any time
