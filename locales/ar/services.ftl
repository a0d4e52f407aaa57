# Texts of the services in assets/services/. Each service needs:
#   <service>-title, <service>-next (what happens after sending),
#   <service>-<step> (the question), <service>-<step>-help (help under the question),
#   <service>-<step>-<option> for every option of a choice.

## Report a fault
report-fault-title = الإبلاغ عن عطل في الخارج
report-fault-next = سننظر في العطل خلال 5 أيام عمل. إذا أردت أن نتصل بك، فسنتصل بك.
report-fault-what = ما المشكلة؟
report-fault-what-help = اختر الإجابة الأنسب.
report-fault-what-street-light = ضوء في الشارع لا يعمل
report-fault-what-pothole = حفرة في الطريق
report-fault-what-graffiti = كتابة على الجدران (غرافيتي)
report-fault-what-litter = قمامة أو نفايات
report-fault-what-other = شيء آخر
report-fault-where = أين المكان؟
report-fault-where-help = اكتب اسم الشارع أو رقم المبنى أو مكانًا يسهل العثور عليه.
report-fault-details = أخبرنا بالمزيد
report-fault-details-help = مثلاً: ما حجم الحفرة. يمكنك تخطي هذا السؤال.
report-fault-call-back = هل تريد أن نتصل بك؟
report-fault-call-back-help = يمكننا الاتصال بك عند إصلاح العطل، أو إذا كانت لدينا أسئلة.
report-fault-phone = ما رقم هاتفك؟
report-fault-phone-help = نستخدم الرقم فقط للاتصال بك بخصوص هذا العطل.

## Book a meeting
book-meeting-title = حجز موعد
book-meeting-next = تعال إلى مكتب الاستقبال في مبنى البلدية في موعدك. إذا كنا سنتصل بك، فسنتصل خلال يومي عمل.
book-meeting-topic = عن أي موضوع تريد أن تتحدث؟
book-meeting-topic-help = اختر الإجابة الأنسب.
book-meeting-topic-housing = السكن
book-meeting-topic-school = المدرسة أو روضة الأطفال
book-meeting-topic-money = المال والدعم المالي
book-meeting-topic-building = بناء منزل أو تعديله
book-meeting-topic-other = شيء آخر
book-meeting-time = في أي وقت تريد أن تأتي؟
book-meeting-time-help = اضغط على وقت يناسبك.
book-meeting-name = ما اسمك؟
book-meeting-name-help = اكتب اسمك الأول واسم العائلة.
book-meeting-contact = كيف تريد أن نؤكد لك الموعد؟
book-meeting-contact-help = نؤكد لك الموعد قبل اللقاء.
book-meeting-contact-phone = بالهاتف
book-meeting-contact-email = بالبريد الإلكتروني
book-meeting-phone = ما رقم هاتفك؟
book-meeting-phone-help = نتصل بك لتأكيد الموعد.
book-meeting-email = ما عنوان بريدك الإلكتروني؟
book-meeting-email-help = نرسل الموعد إلى هذا العنوان.

## Parking permit
parking-permit-title = تصريح وقوف السيارات لذوي الإعاقة
parking-permit-next = سندرس طلبك. يستغرق ذلك عادةً 4 أسابيع. نرسل الرد بالبريد.
parking-permit-personal-id = ما هو الرقم الشخصي (personnummer) الخاص بك؟
parking-permit-personal-id-help = 12 رقمًا: السنة والشهر واليوم و4 أرقام أخرى. يمكنك أيضًا استخدام رقم التنسيق (samordningsnummer).
parking-permit-name = ما اسمك؟
parking-permit-name-help = اكتب اسمك الأول واسم العائلة.
parking-permit-postcode = ما رمزك البريدي؟
parking-permit-postcode-help = 5 أرقام، مثلاً 123 45.
parking-permit-driver = هل ستقود السيارة بنفسك؟
parking-permit-driver-help = أجب بـ «لا» إذا كان شخص آخر يقود السيارة بك.
parking-permit-passenger-help = لماذا تحتاج إلى مساعدة السائق؟
parking-permit-passenger-help-help = مثلاً: أحتاج إلى مساعدة للخروج من السيارة.
parking-permit-walk = ما المسافة التي يمكنك أن تمشيها دون استراحة؟
parking-permit-walk-help = فكّر في يوم عادي.
parking-permit-walk-under-100 = أقل من 100 متر
parking-permit-walk-up-to-300 = من 100 إلى 300 متر
parking-permit-walk-over-300 = أكثر من 300 متر
parking-permit-certificate = هل لديك شهادة من طبيب؟
parking-permit-certificate-help = نحتاج إلى شهادة من طبيب. يمكنك إرسالها لاحقًا.
parking-permit-health-centre = إلى أي مركز صحي ذهبت؟
parking-permit-health-centre-help = اكتب اسم المركز الصحي أو اسم الطبيب.

## Public document
public-document-title = طلب وثيقة عامة
public-document-next = سنرد عليك بأسرع ما يمكن، عادةً خلال 2 من أيام العمل.
public-document-document = ما الوثيقة التي تريدها؟
public-document-document-help = اكتب موضوع الوثيقة، وتاريخًا أو رقمًا إذا كنت تعرفه.
public-document-anonymous = هل تريد أن تبقى مجهول الهوية؟
public-document-anonymous-help = لا يجب عليك أن تقول من أنت.
public-document-name = ما اسمك؟
public-document-name-help = نستخدم اسمك فقط لنعطيك الوثيقة.
public-document-delivery = كيف تريد أن تحصل على الوثيقة؟
public-document-delivery-help = اختر إجابة واحدة.
public-document-delivery-collect = سأستلمها من مبنى البلدية
public-document-delivery-post = بالبريد
public-document-delivery-email = بالبريد الإلكتروني
public-document-address = ما عنوانك؟
public-document-address-help = اكتب اسم الشارع ورقم المبنى والمدينة.
public-document-postcode = ما رمزك البريدي؟
public-document-postcode-help = 5 أرقام، مثلاً 123 45.
public-document-email = ما عنوان بريدك الإلكتروني؟
public-document-email-help = نرسل الوثيقة إلى هذا العنوان.

## Home help
home-help-title = مساعدة في المنزل لكبار السن
home-help-next = سيتصل بك شخص من خدمة المساعدة المنزلية خلال 3 أيام عمل.
home-help-who = من يحتاج إلى المساعدة؟
home-help-who-help = اختر إجابة واحدة.
home-help-who-myself = أنا
home-help-who-relative = شخص من عائلتي
home-help-who-other = شخص آخر
home-help-needs = ما المساعدة المطلوبة؟
home-help-needs-help = يمكنك اختيار أكثر من إجابة.
home-help-needs-cleaning = التنظيف
home-help-needs-shopping = التسوق
home-help-needs-meals = الوجبات
home-help-needs-personal-care = الاستحمام وارتداء الملابس
home-help-needs-alarm = جهاز إنذار للأمان
home-help-needs-company = شخص للتحدث معه
home-help-from = من أي يوم تحتاج إلى المساعدة؟
home-help-from-help = يمكنك تخطي هذا السؤال.
home-help-age = كم عمر الشخص الذي يحتاج إلى المساعدة؟
home-help-age-help = يمكنك تخطي هذا السؤال.
home-help-name = ما اسمك؟
home-help-name-help = اكتب اسمك الأول واسم العائلة.
home-help-phone = ما رقم هاتفك؟
home-help-phone-help = نتصل بك على هذا الرقم.
home-help-best-time = متى يمكننا الاتصال بك؟
home-help-best-time-help = اختر إجابة واحدة.
home-help-best-time-morning = في الصباح
home-help-best-time-afternoon = بعد الظهر
home-help-best-time-any = في أي وقت
