# tipline: Russian. Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Начать и выбрать язык
cmd-help = Что присылать и как это работает
cmd-language = Сменить язык

## Greeting and help
start-greeting =
    👋 Здравствуйте, { $name }! Это бот редакции { $newsroom } для проверки фактов.

    Перешлите мне подозрительный пост или вставьте его текст либо ссылку. Я поищу опубликованный фактчек и отвечу за несколько секунд. Если мы ещё не проверяли это сообщение, его проверят наши фактчекеры, и я вам сообщу.

    { privacy-notice }
start-choose-language = Язык можно сменить здесь или позже командой /language:
help =
    <b>Как пользоваться этим ботом</b>

    • Перешлите пост из канала или чата либо вставьте его текст.
    • Подойдёт и ссылка, и фото или видео с подписью.
    • Если у нас есть опубликованный вердикт, я пришлю его.
    • Если мы ещё не проверяли это утверждение, оно попадёт в очередь к нашим фактчекерам, а вы получите номер обращения. Я напишу вам, когда будет вердикт.

    Команды: /language — сменить язык, /help — это сообщение.
    /subscribe — получать наши новые проверки, /unsubscribe — отписаться.

    { privacy-notice }
language-choose = Выберите язык:
language-set = Готово! Теперь я буду общаться с вами по-русски.

## Answers to a forwarded post
card-intro = Мы уже проверяли это утверждение:
card-claim = <b>Утверждение:</b> { $claim }
card-read-more = Читать проверку полностью
rating-false = ❌ Ложь
rating-misleading = ⚠️ Вводит в заблуждение
rating-partly_false = 🟠 Отчасти ложь
rating-missing_context = 🔍 Не хватает контекста
rating-unproven = ❓ Не доказано
rating-satire = 🎭 Сатира
rating-true = ✅ Правда
rating-none = ℹ️ Фактчек
choose-intro = Я нашёл опубликованные проверки, которые могут относиться к этому посту. Это одна из них?
choose-none = Ни одна из этих
choice-expired = Этот вопрос уже закрыт. Пожалуйста, пришлите пост ещё раз.
queued =
    Спасибо! Опубликованной проверки на эту тему у нас пока нет.
    Ваше обращение <b>#{ $id }</b> уже в очереди у наших фактчекеров. Я напишу вам здесь, когда будет вердикт.

## Things the bot cannot check
nothing-to-check = В этом сообщении нечего проверять. Пожалуйста, пришлите текст поста, ссылку или фото с подписью.
unsupported-content =
    { $kind ->
        [sticker] Стикеры я проверять не умею.
        [voice] Голосовые сообщения и аудио я проверять не умею.
        [poll] Опросы я проверять не умею.
        [location] Геолокации я проверять не умею.
        [contact] Контакты я проверять не умею.
       *[other] Такие сообщения я проверять не умею.
    } Пожалуйста, пришлите текст поста, ссылку или фото либо видео с подписью.
unknown-command = Такой команды я не знаю. /help покажет, что я умею.
error-generic = Извините, у нас что-то пошло не так. Ваше сообщение сохранено; попробуйте ещё раз через минуту.

## Checker desk (the checkers' chat; cards use the default language, replies the checker's)
desk-card-title = 📝 <b>Обращение #{ $id }</b> · { $demand ->
        [one] { $demand } читатель
        [few] { $demand } читателя
       *[other] { $demand } читателей
    }
desk-card-language = Язык: { $lang }
desk-card-origin = Переслано из:
desk-card-seen = Впервые { $first } · последний раз { $last }
desk-card-assignee = 👤 Взял(а) в работу: { $name }
desk-card-media = [{ $kind } без подписи]
desk-card-nearest = Ближайшие вердикты:
desk-card-no-nearest = В базе нет похожих вердиктов.
desk-card-answered = ✅ Ответ: вердикт #{ $verdict }
desk-card-rejected = 🚫 Отклонено: { $reason }
desk-action = { $action ->
        [take] взял(а) обращение
        [link] привязал(а) вердикт
        [publish] опубликовал(а) новый вердикт
        [reject] отклонил(а) обращение
        [correct] исправил(а) вердикт
        [grant] выдал(а) роль
        [revoke] отозвал(а) роль
        [transcript] исправил(а) расшифровку
       *[other] { $action }
    }
desk-reason-spam = спам или реклама
desk-reason-uncheckable = непроверяемо
desk-reason-duplicate = дубликат
desk-button-take = ✋ Взять
desk-button-link = 🔗 Привязать вердикт
desk-button-new = ✍️ Новый вердикт
desk-button-reject = 🚫 Отклонить
desk-button-correct = ✏️ Исправить вердикт
desk-button-history = 📜 История
desk-button-open = Открыть #{ $id }
desk-button-confirm = ✅ Подтвердить
desk-button-cancel = Отмена
desk-button-publish = 📣 Опубликовать
desk-button-keep = Оставить как есть
desk-queue-title = <b>Открытые обращения</b>, сначала самые частые:
desk-queue-line = #{ $id } · { $demand ->
        [one] { $demand } читатель
        [few] { $demand } читателя
       *[other] { $demand } читателей
    } · { $lang } · { $text }
desk-queue-empty = Очередь пуста.
desk-taken = Обращение #{ $id } теперь ваше.
desk-not-open = Обращение #{ $id } уже закрыто.
desk-link-prompt = Обращение #{ $id }: пришлите слова для поиска по базе или выберите один из этих вердиктов. /cancel — отмена.
desk-link-results = Выберите вердикт для обращения #{ $id }:
desk-link-nothing = Ничего не найдено. Попробуйте другие слова или /cancel.
desk-link-confirm = Привязать обращение #{ $id } к вердикту #{ $verdict } «{ $claim }»? Его сразу получат { $readers ->
        [one] { $readers } читатель
        [few] { $readers } читателя
       *[other] { $readers } читателей
    }, отменить это нельзя.
desk-linked = На обращение #{ $id } дан ответ вердиктом #{ $verdict }; уведомлено читателей: { $notified }.
desk-reject-ask = Почему отклонить обращение #{ $id }?
desk-reject-confirm = Отклонить обращение #{ $id } как «{ $reason }»? Отменить это нельзя.
desk-rejected = Обращение #{ $id } отклонено: { $reason }.
desk-cancelled = Отменено.
desk-draft-rating = Новый вердикт для обращения #{ $id }. Шаг 1 из 5: выберите оценку.
desk-draft-correct = Исправление вердикта #{ $verdict }. Шаг 1 из 5: выберите оценку (сейчас: { $rating }).
desk-draft-buttons-only = Пожалуйста, используйте кнопки или /cancel.
desk-draft-claim = Шаг 2 из 5: пришлите утверждение так, как его увидят читатели.
desk-draft-summary = Шаг 3 из 5: пришлите объяснение.
desk-draft-url = Шаг 4 из 5: пришлите ссылку на статью (http:// или https://).
desk-draft-bad-url = Это не ссылка, начинающаяся с http:// или https://. Пришлите ссылку на статью ещё раз.
desk-draft-lang = Шаг 5 из 5: язык вердикта. Определён: { $lang }. Подтвердите или выберите другой.
desk-draft-language = Язык: { $lang }
desk-draft-confirm = Проверьте вердикт. Публикация отправит его всем читателям, которые спрашивали; отменить это нельзя.
desk-draft-expired = Этот диалог уже закрыт.
desk-published = Вердикт #{ $verdict } опубликован для обращения #{ $id }; уведомлено читателей: { $notified }.
desk-corrected = Вердикт #{ $verdict } исправлен; исправление получили читатели: { $notified }.
desk-unchanged = В вердикте #{ $verdict } ничего не изменилось.
desk-history-title = <b>История обращения #{ $id }</b>
desk-history-empty = По обращению #{ $id } ещё нет действий.
desk-history-usage = Ответьте на карточку обращения командой /history или пришлите /history и номер обращения.
desk-correct-usage = Пришлите /correct и номер вердикта, например /correct 12.
desk-unknown-verdict = Вердикта #{ $verdict } нет.
desk-unknown-tip = Обращения #{ $id } нет.
desk-denied = У вас нет роли для этого действия. Администратор может выдать её командой /grant.
desk-dialog-revoked = Вы больше не фактчекер, поэтому этот диалог закончен: ничего не опубликовано и не изменено.
desk-notice-verdict = 📬 Наши фактчекеры проверили пост, который вы нам прислали (обращение <b>#{ $id }</b>):
status-taken = 🔎 Фактчекер взялся за пост, который вы нам прислали (обращение <b>#{ $id }</b>). Вердикт мы пришлём сюда.
status-closed = 🗂 Мы посмотрели пост, который вы нам прислали (обращение <b>#{ $id }</b>): в нём нет утверждения, которое можно проверить, поэтому вердикта не будет. Спасибо, что прислали, и присылайте посты, которые вас тревожат.
status-still_working = ⏳ Пост, который вы нам прислали (обращение <b>#{ $id }</b>), всё ещё проверяется. Проверка требует времени, мы о нём помним.
desk-notice-correction = ✏️ Исправление: проверка, которую мы вам присылали, обновлена.
desk-stats =
    <b>Показатели бота</b>
    Получено обращений: { $received }
    Отвечено автоматически: { $auto }
    Открытые обращения по языкам: { $queue }
    Медиана минут от первого обращения до вердикта: { $median }
    Уведомлено читателей: { $notified }
desk-stats-health = Обновлений, сохранённых как сбойные: { $failed } (список: <code>tipline inbox failed</code>). Сообщений, о доставке которых ничего не известно: { $unknown }.
desk-stats-feedback = Оценки читателей
desk-stats-feedback-line = { $name }: { $count } (👍 { $up }, 👎 { $down })
desk-stats-status = Отправлено статусов: «проверяется» { $taken }, закрыто { $closed }, «всё ещё проверяем» { $still }
desk-stats-returning = Читатели, вернувшиеся в течение 30 дней: { $share } ({ $returned } из { $readers }, впервые написавших 30 и более дней назад)
admin-granted = Пользователь { $user } теперь: { $role }.
admin-revoked = У пользователя { $user } больше нет роли (была: { $role }).
admin-no-role = У пользователя { $user } нет роли.
admin-usage = Использование: /grant user_id checker или /grant user_id editor, /revoke user_id; либо ответьте на сообщение человека командой /grant checker или /revoke.
admin-roles-title = <b>Роли</b> (администраторы задаются в настройках):
admin-roles-empty = Фактчекеров и редакторов пока нет.
role-checker = фактчекер
role-editor = редактор
role-admin = администратор

## Subscriptions and broadcasts (readers get broadcasts in their language; editors see previews and progress)
subscribe-done = 🔔 Вы подписались. Я буду присылать наши новые фактчеки на этом языке (/language меняет язык). /unsubscribe отключает рассылку.
subscribe-already = Вы уже подписаны. /unsubscribe отключает рассылку.
unsubscribe-done = 🔕 Вы отписались и больше не будете получать фактчеки. /subscribe снова включает рассылку.
unsubscribe-not-subscribed = Вы не подписаны. /subscribe — и я буду присылать наши новые фактчеки.
broadcast-intro = { $count ->
        [one] 📢 <b>Новый фактчек</b> нашей редакции:
       *[other] 📢 <b>Новые фактчеки</b> нашей редакции:
    }
broadcast-usage = Отправьте /broadcast и от одного до { $max } номеров вердиктов, например: <code>/broadcast t-ru-water 17</code>
broadcast-not-found = Нет вердиктов с такими номерами: { $refs }
broadcast-no-audience = Пока никто не подписан, отправлять некому.
broadcast-preview = 👁 Так это увидят на языке «{ $language }» — { $count ->
        [one] { $count } читатель
        [few] { $count } читателя
        [many] { $count } читателей
       *[other] { $count } читателя
    }:
broadcast-confirm = <b>Рассылка #{ $id }</b> уйдёт { $total ->
        [one] { $total } подписчику
       *[other] { $total } подписчикам
    } ({ $languages }). Отправить? Отменить отправку будет нельзя.
broadcast-send-button = 📣 Отправить { $total }
broadcast-cancel-button = Отмена
broadcast-cancelled = Рассылка #{ $id } отменена, ничего не отправлено.
broadcast-already-started = Рассылка #{ $id } уже не черновик.
broadcast-not-allowed = Отправлять рассылки могут только редакторы.
broadcast-progress =
    📣 <b>Рассылка #{ $id }</b> отправляется: читателей — { $total }.
    Отправлено: { $sent }
    В очереди: { $pending }
    Заблокировали бота: { $blocked }
    Ошибки: { $failed }
    Неизвестно (могло дойти; повторно не отправляется): { $unknown }
broadcast-finished =
    ✅ <b>Рассылка #{ $id }</b> завершена (читателей — { $total }).
    Отправлено: { $sent }
    В очереди: { $pending }
    Заблокировали бота: { $blocked }
    Ошибки: { $failed }
    Неизвестно (могло дойти; повторно не отправляется): { $unknown }
broadcast-stopped =
    ⏹ <b>Рассылка #{ $id }</b> отменена (читателей — { $total }).
    Отправлено: { $sent }
    Не отправлено: { $pending }
    Заблокировали бота: { $blocked }
    Ошибки: { $failed }
    Неизвестно (могло дойти; повторно не отправляется): { $unknown }
cmd-subscribe = Получать наши новые фактчеки
cmd-unsubscribe = Больше не получать фактчеки

## Privacy (/mydata, /forget)
cmd-forget = Удалить мои данные
cmd-mydata = Что бот хранит обо мне
privacy-notice = 🔒 <b>Конфиденциальность</b>: я храню id вашего чата, ваш язык, подписку и присланные вами посты, чтобы отвечать вам и сообщать о вердиктах. Фактчекеры видят посты, но не ваше имя. Связь между вами и вашими постами удаляется через несколько месяцев. /mydata покажет, что я о вас храню, /forget удалит эти данные.
forget-confirm = Удалить всё, что я о вас храню: язык, подписку и связь между вами и присланными обращениями? Сами обращения останутся у фактчекеров, без вашего имени. Это нельзя отменить.
forget-yes = Да, удалить
forget-cancel = Отмена
forget-done = Готово: я удалил всё, что хранил о вас. Если вы снова мне напишете, я снова сохраню id вашего чата и язык.
forget-cancelled = Ничего не удалено.
forget-not-yours = Эта кнопка не для вас.
button-stale = Эта кнопка больше не работает.
feedback-up = 👍 Полезно
feedback-down = 👎 Не помогло
feedback-thanks = Спасибо, отмечено.
feedback-sorry = Жаль, что не помогло: отмечено.
feedback-what-wrong = Что не так с этим ответом?
feedback-reason-another_claim = Он о другом утверждении
feedback-reason-wrong_verdict = Вердикт неверный
feedback-reason-other = Другое
feedback-offer-desk = Спасибо. Отправить ваше сообщение нашим фактчекерам?
feedback-send = Отправить фактчекерам
feedback-send-no = Нет, спасибо
feedback-noted = Спасибо, отмечено.
feedback-sent = Отправлено нашим фактчекерам как заявка #{ $id }: мы ответим вам здесь. Если хотите, напишите следующим сообщением, что не так, и они это увидят.
note-added = Спасибо: фактчекеры увидят ваше примечание к заявке #{ $id }.
explainer-card =
    📘 <b>{ $title }</b>
    { $text }
cmd-menu = Памятки: как проверить, что вы видите
menu-title = Памятки: нажмите, чтобы прочитать.
menu-empty = Памяток на вашем языке пока нет.
explainer-for-tip = Мы ещё проверяем сообщение, которое вы прислали (заявка <b>#{ $id }</b>); пока это может помочь.
desk-explain-usage = Ответьте на карточку командой <code>/explain KEY</code> или отправьте <code>/explain 17 KEY</code>: читатели заявки получат памятку, каждый один раз, и все следующие тоже.
desk-unknown-explainer = Памятки { $name } нет (<code>/explain</code> покажет список).
desk-explainer-attached = Памятка «{ $title }» прикреплена к заявке #{ $id }: отправлена { $count } читателям.
desk-explainers-title = <b>Памятки</b>
desk-explainers-empty = Памяток пока нет: загрузите их командой <code>tipline explainers import FILE</code>.
desk-card-explainer = 📘 Памятка: { $name }
context-button = 📍 Указать, где вы это видели
context-ask = Где вы это видели? Пришлите одним сообщением ссылку, название канала или группы или пару слов: фактчекеры увидят это в заявке #{ $id }.
desk-card-seen-at = 📍 Где читатель это видел: { $text }
desk-card-disputed = ⚠️ Возможно, неверное совпадение: вердикт #{ $verdict } ({ $kind }, оценка { $score }). Читатель говорит: { $reason }
desk-card-note = 📝 Читатель добавляет: { $text }
desk-answer-auto = автоматический ответ
desk-answer-picked = выбран читателем
desk-answer-desk = ответ редакции
desk-answer-correction = исправление
mydata =
    <b>Что я храню о вас</b>
    Язык: { $language }
    Подписка на новые проверки: { $subscribed ->
        [yes] да
       *[no] нет
    }
    Первое обращение: { $first }
    Присланных сообщений: { $count }
    Номера ваших обращений: { $ids }
    Оценённых вами ответов: { $rated }

    /forget удалит всё это.

## Партнёрские редакции
card-checked-by = Проверено: { $partner }, { $country }
card-checked-by-partner = Проверено: { $partner }
desk-card-partner = это проверил партнёр: { $partner }
trust-auto = отвечает читателям
trust-suggest = предлагается на выбор
trust-off = только поиск
partners-title = <b>Партнёрские редакции</b>
partners-none = Партнёрских редакций пока нет. Их добавляют на сервере: tipline partners add NAME, tipline partners follow NAME URL.
partners-line = <b>{ $partner }</b> · { $trust }
partners-reads = читает нашу ленту
partners-followed = вердиктов: { $verdicts } (отозвано: { $withdrawn }) · последняя синхронизация: { $synced }
partners-never = ни разу
partners-errors = ошибок: { $errors }, пропущено записей: { $skipped }; последняя: { $error }
partners-trust-changed = { $partner }: { $trust }
partners-gone = Этого партнёра больше нет в списке; отправьте /partners ещё раз.
desk-card-rising = набирает обороты у { $partner }: { $demand ->
        [one] { $demand } читатель
        [few] { $demand } читателя
       *[other] { $demand } читателей
    }
