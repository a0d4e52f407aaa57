# Texts of the kiosk itself. Plain language: short sentences, common words, one idea at a time.

## Attract screen and language
attract-greeting = Ласкаво просимо
attract-touch = Торкніться екрана, щоб почати
language-title = Виберіть мову
button-language = Мова

## Home
home-title = Що ви хочете зробити?
home-services = Послуги
home-info = Інформація

## Buttons
button-back = Назад
button-next = Далі
button-cancel = Скасувати
button-send = Надіслати
button-change = Змінити
button-done = Готово
answer-yes = Так
answer-no = Ні

## Questions
progress = Питання { $current } з { $total }
question-optional = Це питання можна пропустити.
selected = Вибрано
not-selected = Не вибрано
field-hidden = Приховано, щоб захистити ваші дані
button-show = Показати
button-hide = Сховати
date-hint = Напишіть дату так: { $example }

## Errors shown next to the field
error-required = Будь ласка, дайте відповідь на питання.
error-too-short = Текст закороткий. Мінімум символів: { $min }.
error-too-long = Текст задовгий. Максимум символів: { $max }.
error-number = Будь ласка, напишіть число, наприклад 42.
error-number-range = Будь ласка, напишіть число від { $min } до { $max }.
error-date-format = Це не дата. Напишіть її так: { $example }
error-date-range = Будь ласка, виберіть дату з { $first } по { $last }.
error-phone = Це не номер телефону. Пишіть тільки цифри, наприклад 070 123 45 67.
error-email = Це не адреса електронної пошти. Вона виглядає так: name@example.com
error-postcode = Поштовий індекс складається з { $digits } цифр.
error-personal-id = Цей ідентифікаційний номер неправильний. Будь ласка, перевірте цифри.

## Check your answers
review-title = Перевірте свої відповіді
review-no-answer = Немає відповіді

## Receipt
receipt-title = Дякуємо! Ми отримали ваш запит.
receipt-reference = Ваш номер звернення
receipt-keep = Запишіть цей номер або сфотографуйте його. Назвіть номер, коли звертатиметеся до нас.
receipt-next-title = Що буде далі
rating-question = Як вам було користуватися кіоском?
rating-1 = Дуже погано
rating-2 = Погано
rating-3 = Нормально
rating-4 = Добре
rating-5 = Дуже добре
rating-thanks = Дякуємо, що поділилися.

## Leaving and time-out
idle-title = Вам потрібно більше часу?
idle-countdown = { $seconds ->
    [one] Екран буде очищено через { $seconds } секунду.
    [few] Екран буде очищено через { $seconds } секунди.
    [many] Екран буде очищено через { $seconds } секунд.
   *[other] Екран буде очищено через { $seconds } секунди.
}
idle-continue = Так, мені потрібно більше часу
cancel-title = Ви хочете припинити?
cancel-body = Ваші відповіді буде видалено.
cancel-yes = Так, припинити і видалити
cancel-no = Ні, продовжити

## Saving failed
save-failed-title = Нам не вдалося зберегти ваш запит
save-failed-body = Будь ласка, попросіть допомоги у працівників. Ваші відповіді все ще тут.
save-failed-retry = Спробувати ще раз

## Dates
date-long = { $day } { $month } { $year }
month-1 = січня
month-2 = лютого
month-3 = березня
month-4 = квітня
month-5 = травня
month-6 = червня
month-7 = липня
month-8 = серпня
month-9 = вересня
month-10 = жовтня
month-11 = листопада
month-12 = грудня
weekday-1 = понеділок
weekday-2 = вівторок
weekday-3 = середа
weekday-4 = четвер
weekday-5 = пʼятниця
weekday-6 = субота
weekday-7 = неділя
appointment-day = { $weekday }, { $day } { $month }
appointment-at = { $day }, о { $time }
appointment-call = Ми зателефонуємо вам, щоб домовитися про час.
appointment-fresh = Вільний час станом на { $time }.
appointment-holding = Тримаємо час для вас …
appointment-held = Цей час ваш, поки ви закінчуєте.
appointment-taken = Хтось щойно взяв цей час. Виберіть, будь ласка, інший час.
receipt-appointment = Ваш час: { $time }

## Connection to the back office
status-online = Є зв'язок
status-offline = Немає зв'язку
receipt-offline = Ваше звернення збережено на цьому пристрої. Його буде надіслано автоматично, коли з'явиться зв'язок.

## Speech
speech-listen = Слухати
speech-off = Вимкнути мовлення
speech-repeat = Повторити
speech-stop = Зупинити
speech-slower = Повільніше
speech-faster = Швидше
speech-quieter = Тихіше
speech-louder = Голосніше
speech-unavailable = Озвучення цією мовою недоступне.
speech-headphones = Навушники: читати й мої відповіді
speech-fallback = Слухати мовою: { $language }

## Display
display-contrast = Висока контрастність
display-button = Розмір тексту і контраст
display-title = Розмір тексту і контраст
text-size-normal = Звичайний текст
text-size-large = Великий текст
text-size-extra = Дуже великий текст
display-close = Готово

## Keyboard and keypad
help-keys = Переходьте стрілками або клавішею Tab. Натисніть Enter, щоб вибрати. Натисніть «Довідка», щоб почути це знову.
key-shift = Велика літера
key-backspace = Стерти
key-space = Пробіл
key-layout = Клавіатура: { $layout }
key-digits = Арабські цифри

## Help from staff
call-staff = Попросити допомоги в працівників
call-staff-title = Працівники йдуть
call-staff-where = Працівники біля інформаційної стійки біля входу. Ми бачимо, що вам потрібна допомога.
call-staff-coming = Хтось із працівників уже йде до вас.
call-staff-close = Закрити
staff-assisted-band = З допомогою працівника

## Paper: the print buttons, how printing goes, and what the paper says besides the page's texts
button-print-receipt = Надрукувати квитанцію
button-print-page = Надрукувати цю сторінку
print-working = Друкується. Зачекайте, будь ласка.
print-done = Заберіть папір із принтера.
print-failed-receipt = Принтер не працює. Будь ласка, запишіть свій номер:
print-failed-page = Принтер не працює. Попросіть копію в персоналу.
paper-municipality = Муніципалітет Ексемпельбю
paper-receipt = Квитанція
paper-sent = Надіслано: { $time }
paper-printed = Надруковано: { $time }
paper-contact = Є запитання? Телефонуйте 0123-45 67 00 у робочі дні з 8 до 16 або запитайте на стійці. Назвіть свій номер.
