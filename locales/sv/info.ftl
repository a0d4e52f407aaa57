# Public information pages in assets/info/. Each page needs <page>-title and <page>-<paragraph>.

opening-hours-title = Öppettider och kontakt
opening-hours-town-hall = Kommunhuset: måndag till fredag, kl. 8.00 till 16.00.
opening-hours-library = Biblioteket: måndag till torsdag kl. 10.00 till 19.00. Fredag till söndag kl. 11.00 till 15.00.
opening-hours-phone = Telefon: 0123-45 67 00. Vi svarar på vardagar kl. 8.00 till 16.00.
opening-hours-address = Adress: Storgatan 1, 123 45 Nordvik.

public-documents-title = Be om allmänna handlingar
public-documents-right = Alla har rätt att läsa allmänna handlingar från kommunen. Till exempel beslut, brev och protokoll.
public-documents-how = Fråga i receptionen, ring, mejla eller använd den här skärmen.
public-documents-anonymous = Du behöver inte säga vem du är eller varför du vill ha handlingen.
public-documents-cost = Det är gratis att läsa en handling här. Kopior på mer än 10 sidor kostar pengar.

digital-help-title = Hjälp med digitala tjänster
digital-help-library = På biblioteket kan du få hjälp med e-tjänster, BankID och e-post. Fråga personalen.
digital-help-citizen-office = På medborgarkontoret i kommunhuset kan personalen hjälpa dig att fylla i blanketter.
digital-help-phone = Du kan också ringa oss på 0123-45 67 00.
digital-help-courses = Biblioteket har gratis kurser för nybörjare. Fråga om nästa kurs.
