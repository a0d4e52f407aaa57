# Public information pages in assets/info/. Each page needs <page>-title and <page>-<paragraph>.

opening-hours-title = أوقات العمل والتواصل
opening-hours-town-hall = مبنى البلدية: من الاثنين إلى الجمعة، من 8:00 إلى 16:00.
opening-hours-library = المكتبة: من الاثنين إلى الخميس من 10:00 إلى 19:00. من الجمعة إلى الأحد من 11:00 إلى 15:00.
opening-hours-phone = الهاتف: ⁦0123-45 67 00⁩. نرد في أيام العمل من 8:00 إلى 16:00.
opening-hours-address = العنوان: ⁦Storgatan 1, 123 45 Nordvik⁩.

public-documents-title = طلب الوثائق العامة
public-documents-right = يحق لكل شخص قراءة الوثائق العامة للبلدية. مثلاً القرارات والرسائل ومحاضر الاجتماعات.
public-documents-how = اسأل في مكتب الاستقبال، أو بالهاتف، أو بالبريد الإلكتروني، أو هنا على هذه الشاشة.
public-documents-anonymous = لا يجب عليك أن تقول من أنت أو لماذا تريد الوثيقة.
public-documents-cost = قراءة الوثيقة هنا مجانية. نسخ أكثر من 10 صفحات لها ثمن.

digital-help-title = المساعدة في الخدمات الرقمية
digital-help-library = في المكتبة يمكنك الحصول على مساعدة في الخدمات الإلكترونية و BankID والبريد الإلكتروني. اسأل الموظفين.
digital-help-citizen-office = في مكتب خدمة المواطنين في مبنى البلدية، يمكن للموظفين مساعدتك في ملء الاستمارات.
digital-help-phone = يمكنك أيضًا الاتصال بنا على الرقم ⁦0123-45 67 00⁩.
digital-help-courses = في المكتبة دورات مجانية للمبتدئين. اسأل عن الدورة القادمة.
