# Texts of the kiosk itself. Plain language: short sentences, common words, one idea at a time.

## Attract screen and language
attract-greeting = أهلاً وسهلاً
attract-touch = المس الشاشة للبدء
language-title = اختر لغتك
button-language = اللغة

## Home
home-title = ماذا تريد أن تفعل؟
home-services = الخدمات
home-info = معلومات

## Buttons
button-back = رجوع
button-next = التالي
button-cancel = إلغاء
button-send = إرسال
button-change = تغيير
button-done = تم
answer-yes = نعم
answer-no = لا

## Questions
progress = السؤال { $current } من { $total }
question-optional = يمكنك تخطي هذا السؤال.
selected = تم الاختيار
not-selected = لم يتم الاختيار
field-hidden = مخفي لحماية خصوصيتك
button-show = إظهار
button-hide = إخفاء
date-hint = اكتب التاريخ هكذا: { $example }

## Errors shown next to the field
error-required = يُرجى الإجابة عن السؤال.
error-too-short = النص قصير جدًا. أقل عدد من الأحرف: { $min }.
error-too-long = النص طويل جدًا. أكبر عدد من الأحرف: { $max }.
error-number = يُرجى كتابة رقم، مثلاً 42.
error-number-range = يُرجى كتابة رقم من { $min } إلى { $max }.
error-date-format = هذا ليس تاريخًا. اكتبه هكذا: { $example }
error-date-range = يُرجى اختيار تاريخ من { $first } إلى { $last }.
error-phone = هذا ليس رقم هاتف. اكتب الأرقام فقط، مثلاً ⁦070 123 45 67⁩.
error-email = هذا ليس عنوان بريد إلكتروني. العنوان يكون هكذا: name@example.com
error-postcode = الرمز البريدي يتكون من { $digits } أرقام.
error-personal-id = هذا الرقم الشخصي غير صحيح. يُرجى التحقق من الأرقام.

## Check your answers
review-title = راجع إجاباتك
review-no-answer = لا توجد إجابة

## Receipt
receipt-title = شكرًا لك! لقد استلمنا طلبك.
receipt-reference = رقمك المرجعي
receipt-keep = اكتب الرقم أو التقط صورة له. اذكر الرقم عندما تتواصل معنا.
receipt-next-title = ماذا يحدث بعد ذلك
rating-question = كيف كان استخدام الكشك؟
rating-1 = سيئ جدًا
rating-2 = سيئ
rating-3 = مقبول
rating-4 = جيد
rating-5 = جيد جدًا
rating-thanks = شكرًا لإخبارنا.

## Leaving and time-out
idle-title = هل تحتاج إلى وقت أطول؟
idle-countdown = { $seconds ->
    [zero] ستُمسح الشاشة بعد { $seconds } ثانية.
    [one] ستُمسح الشاشة بعد { $seconds } ثانية.
    [two] ستُمسح الشاشة بعد { $seconds } ثانية.
    [few] ستُمسح الشاشة بعد { $seconds } ثوانٍ.
    [many] ستُمسح الشاشة بعد { $seconds } ثانية.
   *[other] ستُمسح الشاشة بعد { $seconds } ثانية.
}
idle-continue = نعم، أحتاج إلى وقت أطول
cancel-title = هل تريد التوقف؟
cancel-body = ستُحذف إجاباتك.
cancel-yes = نعم، توقف واحذف
cancel-no = لا، متابعة

## Saving failed
save-failed-title = لم نتمكن من حفظ طلبك
save-failed-body = يُرجى طلب المساعدة من الموظفين. إجاباتك ما زالت هنا.
save-failed-retry = حاول مرة أخرى

## Dates
date-long = { $day } { $month } { $year }
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
weekday-1 = الاثنين
weekday-2 = الثلاثاء
weekday-3 = الأربعاء
weekday-4 = الخميس
weekday-5 = الجمعة
weekday-6 = السبت
weekday-7 = الأحد
appointment-day = { $weekday } { $day } { $month }
appointment-at = { $day }، الساعة { $time }
appointment-call = سنتصل بك لنتفق على موعد.
appointment-fresh = المواعيد المتاحة في الساعة { $time }.
appointment-holding = نحجز الموعد لك …
appointment-held = الموعد لك بينما تكمل.
appointment-taken = أخذ شخص آخر هذا الموعد للتو. اختر موعدًا آخر من فضلك.
receipt-appointment = موعدك: { $time }

## Connection to the back office
status-online = متصل
status-offline = غير متصل
receipt-offline = تم حفظ طلبك على هذا الجهاز. سيتم إرساله تلقائيًا عندما يعود الاتصال.

## Speech
speech-listen = استمع
speech-off = إيقاف القراءة
speech-repeat = أعد
speech-stop = توقف
speech-slower = أبطأ
speech-faster = أسرع
speech-quieter = أخفض
speech-louder = أعلى
speech-unavailable = القراءة الصوتية غير متوفرة بهذه اللغة.
speech-headphones = سماعات الأذن: اقرأ إجاباتي أيضًا
speech-fallback = استمع باللغة: { $language }

## Display
display-contrast = تباين عالٍ
display-button = حجم النص والتباين
display-title = حجم النص والتباين
text-size-normal = نص عادي
text-size-large = نص كبير
text-size-extra = نص كبير جدًا
display-close = تم

## Keyboard and keypad
help-keys = تنقّل بمفاتيح الأسهم أو بمفتاح ⁦Tab⁩. اضغط ⁦Enter⁩ للاختيار. اضغط مفتاح المساعدة لتسمع هذا مرة أخرى.
key-shift = حرف كبير
key-backspace = حذف
key-space = مسافة
key-layout = لوحة المفاتيح: { $layout }
key-digits = الأرقام العربية المشرقية

## Help from staff
call-staff = اطلب المساعدة من الموظفين
call-staff-title = الموظفون قادمون
call-staff-where = الموظفون عند مكتب الاستعلامات قرب المدخل. لقد رأينا أنك تحتاج إلى مساعدة.
call-staff-coming = أحد الموظفين في طريقه إليك الآن.
call-staff-close = إغلاق
staff-assisted-band = بمساعدة الموظفين

## Paper: the print buttons, how printing goes, and what the paper says besides the page's texts
button-print-receipt = اطبع الإيصال
button-print-page = اطبع هذه الصفحة
print-working = جارٍ الطباعة. انتظر قليلاً.
print-done = خذ الورقة من الطابعة.
print-failed-receipt = الطابعة لا تعمل. اكتب رقمك من فضلك:
print-failed-page = الطابعة لا تعمل. اطلب نسخة من الموظفين.
paper-municipality = بلدية إكسمبلبي
paper-receipt = إيصال
paper-sent = أُرسل: { $time }
paper-printed = طُبع: { $time }
paper-contact = هل لديك أسئلة؟ اتصل بالرقم ⁦0123-45 67 00⁩ أيام العمل من 8 إلى 16، أو اسأل في مكتب الاستقبال. اذكر رقمك.
