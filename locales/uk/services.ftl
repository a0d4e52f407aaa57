# Texts of the services in assets/services/. Each service needs:
#   <service>-title, <service>-next (what happens after sending),
#   <service>-<step> (the question), <service>-<step>-help (help under the question),
#   <service>-<step>-<option> for every option of a choice.

## Report a fault
report-fault-title = Повідомити про несправність на вулиці
report-fault-next = Ми розглянемо несправність протягом 5 робочих днів. Якщо ви хочете, щоб ми вам зателефонували, ми зателефонуємо.
report-fault-what = Що сталося?
report-fault-what-help = Виберіть варіант, який підходить найкраще.
report-fault-what-street-light = Не працює вуличний ліхтар
report-fault-what-pothole = Яма на дорозі
report-fault-what-graffiti = Графіті
report-fault-what-litter = Сміття
report-fault-what-other = Щось інше
report-fault-where = Де це?
report-fault-where-help = Напишіть назву вулиці, номер будинку або місце, яке легко знайти.
report-fault-details = Розкажіть більше
report-fault-details-help = Наприклад, якого розміру яма. Це питання можна пропустити.
report-fault-call-back = Ви хочете, щоб ми вам зателефонували?
report-fault-call-back-help = Ми можемо зателефонувати вам, коли несправність усунуть, або якщо в нас будуть питання.
report-fault-phone = Який ваш номер телефону?
report-fault-phone-help = Ми використаємо цей номер тільки для дзвінка щодо цієї несправності.

## Book a meeting
book-meeting-title = Записатися на зустріч
book-meeting-next = Приходьте на рецепцію в будівлі муніципалітету у свій час. Якщо ми маємо вам зателефонувати, ми зробимо це протягом двох робочих днів.
book-meeting-topic = Про що ви хочете поговорити?
book-meeting-topic-help = Виберіть варіант, який підходить найкраще.
book-meeting-topic-housing = Житло
book-meeting-topic-school = Школа або дитячий садок
book-meeting-topic-money = Гроші та фінансова допомога
book-meeting-topic-building = Будівництво або перебудова будинку
book-meeting-topic-other = Щось інше
book-meeting-time = О котрій годині ви хочете прийти?
book-meeting-time-help = Торкніться часу, який вам підходить.
book-meeting-name = Як вас звати?
book-meeting-name-help = Напишіть своє ім'я та прізвище.
book-meeting-contact = Як нам підтвердити вам час?
book-meeting-contact-help = Ми підтвердимо час до зустрічі.
book-meeting-contact-phone = Телефоном
book-meeting-contact-email = Електронною поштою
book-meeting-phone = Який ваш номер телефону?
book-meeting-phone-help = Ми зателефонуємо вам, щоб підтвердити час.
book-meeting-email = Яка ваша адреса електронної пошти?
book-meeting-email-help = Ми надішлемо час на цю адресу.

## Parking permit
parking-permit-title = Дозвіл на паркування для людей з інвалідністю
parking-permit-next = Ми розглянемо вашу заяву. Зазвичай це триває 4 тижні. Відповідь ми надішлемо поштою.
parking-permit-personal-id = Який ваш персональний ідентифікаційний номер (personnummer)?
parking-permit-personal-id-help = 12 цифр: рік, місяць, день і ще 4 цифри. Можна також вказати координаційний номер (samordningsnummer).
parking-permit-name = Як вас звати?
parking-permit-name-help = Напишіть своє ім'я та прізвище.
parking-permit-postcode = Який ваш поштовий індекс?
parking-permit-postcode-help = 5 цифр, наприклад 123 45.
parking-permit-driver = Ви самі керуватимете автомобілем?
parking-permit-driver-help = Відповідайте «ні», якщо вас возить хтось інший.
parking-permit-passenger-help = Чому вам потрібна допомога водія?
parking-permit-passenger-help-help = Наприклад: мені потрібна допомога, щоб вийти з автомобіля.
parking-permit-walk = Яку відстань ви можете пройти без відпочинку?
parking-permit-walk-help = Подумайте про звичайний день.
parking-permit-walk-under-100 = Менше 100 метрів
parking-permit-walk-up-to-300 = Від 100 до 300 метрів
parking-permit-walk-over-300 = Більше 300 метрів
parking-permit-certificate = У вас є довідка від лікаря?
parking-permit-certificate-help = Нам потрібна довідка. Ви можете надіслати її пізніше.
parking-permit-health-centre = До якого медичного центру ви зверталися?
parking-permit-health-centre-help = Напишіть назву медичного центру або ім'я лікаря.

## Public document
public-document-title = Запитати публічний документ
public-document-next = Ми відповімо вам якомога швидше, зазвичай протягом 2 робочих днів.
public-document-document = Який документ вам потрібен?
public-document-document-help = Напишіть, про що документ, і дату або номер, якщо ви їх знаєте.
public-document-anonymous = Ви хочете зробити запит анонімно?
public-document-anonymous-help = Ви не зобов'язані казати, хто ви.
public-document-name = Як вас звати?
public-document-name-help = Ми використаємо ваше ім'я тільки для того, щоб передати вам документ.
public-document-delivery = Як ви хочете отримати документ?
public-document-delivery-help = Виберіть один варіант.
public-document-delivery-collect = Я заберу його в будівлі муніципалітету
public-document-delivery-post = Поштою
public-document-delivery-email = Електронною поштою
public-document-address = Яка ваша адреса?
public-document-address-help = Напишіть вулицю, номер будинку і місто.
public-document-postcode = Який ваш поштовий індекс?
public-document-postcode-help = 5 цифр, наприклад 123 45.
public-document-email = Яка ваша адреса електронної пошти?
public-document-email-help = Ми надішлемо документ на цю адресу.

## Home help
home-help-title = Допомога вдома для літніх людей
home-help-next = Працівник служби допомоги вдома зателефонує вам протягом 3 робочих днів.
home-help-who = Кому потрібна допомога?
home-help-who-help = Виберіть один варіант.
home-help-who-myself = Мені
home-help-who-relative = Члену моєї родини
home-help-who-other = Комусь іншому
home-help-needs = Яка допомога потрібна?
home-help-needs-help = Можна вибрати кілька варіантів.
home-help-needs-cleaning = Прибирання
home-help-needs-shopping = Покупки
home-help-needs-meals = Харчування
home-help-needs-personal-care = Митися й одягатися
home-help-needs-alarm = Тривожна кнопка
home-help-needs-company = Хтось, з ким можна поговорити
home-help-from = З якого дня потрібна допомога?
home-help-from-help = Це питання можна пропустити.
home-help-age = Скільки років людині, якій потрібна допомога?
home-help-age-help = Це питання можна пропустити.
home-help-name = Як вас звати?
home-help-name-help = Напишіть своє ім'я та прізвище.
home-help-phone = Який ваш номер телефону?
home-help-phone-help = Ми зателефонуємо вам на цей номер.
home-help-best-time = Коли вам можна зателефонувати?
home-help-best-time-help = Виберіть один варіант.
home-help-best-time-morning = Зранку
home-help-best-time-afternoon = Після обіду
home-help-best-time-any = Будь-коли
