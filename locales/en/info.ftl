# Public information pages in assets/info/. Each page needs <page>-title and <page>-<paragraph>.

opening-hours-title = Opening hours and contact
opening-hours-town-hall = Town hall: Monday to Friday, 8:00 to 16:00.
opening-hours-library = Library: Monday to Thursday 10:00 to 19:00. Friday to Sunday 11:00 to 15:00.
opening-hours-phone = Phone: 0123-45 67 00. We answer on weekdays from 8:00 to 16:00.
opening-hours-address = Address: Storgatan 1, 123 45 Nordvik.

public-documents-title = Ask for public documents
public-documents-right = Everyone has the right to read public documents from the municipality. For example decisions, letters and minutes.
public-documents-how = Ask at the reception, by phone, by e-mail or here on this screen.
public-documents-anonymous = You do not have to say who you are or why you want the document.
public-documents-cost = To read a document here is free. Copies of more than 10 pages cost money.

digital-help-title = Help with digital services
digital-help-library = At the library you can get help with e-services, BankID and e-mail. Ask the staff.
digital-help-citizen-office = At the citizen office in the town hall, staff can help you fill in forms.
digital-help-phone = You can also call us on 0123-45 67 00.
digital-help-courses = The library has free courses for beginners. Ask about the next course.
