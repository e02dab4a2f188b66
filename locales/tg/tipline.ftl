# tipline: Tajik. Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Оғоз ва интихоби забон
cmd-help = Чӣ фиристодан мумкин ва бот чӣ тавр кор мекунад
cmd-language = Иваз кардани забон

## Greeting and help
start-greeting =
    👋 Салом, { $name }! Ин боти санҷиши далелҳои таҳририяти { $newsroom } аст.

    Ба ман пости шубҳанокро фиристед ё матн ё пайванди онро гузоред. Ман санҷиши нашршударо ҷустуҷӯ карда, дар чанд сония ҷавоб медиҳам. Агар мо инро ҳанӯз насанҷида бошем, фактчекерҳои мо месанҷанд ва ман ба шумо хабар медиҳам.

    { privacy-notice }
start-choose-language = Забонро дар ин ҷо ё баъдтар бо фармони /language иваз кардан мумкин аст:
help =
    <b>Чӣ тавр аз ин бот истифода бурдан мумкин</b>

    • Постро аз канал ё чат фиристед ё матни онро гузоред.
    • Пайванд, инчунин акс ё видео бо тавзеҳ низ мешавад.
    • Агар хулосаи нашршудаи мо бошад, онро мефиристам.
    • Агар мо ин иддаоро ҳанӯз насанҷида бошем, он ба навбати фактчекерҳои мо гузошта мешавад ва шумо рақами муроҷиатро мегиред. Вақте ки хулоса омода шавад, ба шумо менависам.

    Фармонҳо: /language — иваз кардани забон, /help — ҳамин паём.
    /subscribe — гирифтани санҷишҳои нави мо, /unsubscribe — бекор кардани обуна.

    { privacy-notice }
language-choose = Забонро интихоб кунед:
language-set = Тайёр! Акнун бо шумо бо забони тоҷикӣ гап мезанам.

## Answers to a forwarded post
card-intro = Мо ин иддаоро санҷидаем:
card-claim = <b>Иддао:</b> { $claim }
card-read-more = Санҷишро пурра хонед
rating-false = ❌ Дурӯғ
rating-misleading = ⚠️ Гумроҳкунанда
rating-partly_false = 🟠 Қисман дурӯғ
rating-missing_context = 🔍 Контекст намерасад
rating-unproven = ❓ Исбот нашудааст
rating-satire = 🎭 Ҳаҷв
rating-true = ✅ Рост
rating-none = ℹ️ Санҷиши далелҳо
choose-intro = Ман санҷишҳои нашршудаеро ёфтам, ки шояд ба ин пост дахл дошта бошанд. Яке аз инҳост?
choose-none = Ҳеҷ кадоме аз инҳо
choice-expired = Ин савол дигар баста шудааст. Лутфан, постро бори дигар фиристед.
queued =
    Ташаккур! Дар ин мавзӯъ ҳоло санҷиши нашршуда надорем.
    Муроҷиати шумо <b>#{ $id }</b> ба навбати фактчекерҳои мо гузошта шуд. Вақте ки хулоса омода шавад, дар ҳамин ҷо ба шумо менависам.

## Things the bot cannot check
nothing-to-check = Дар ин паём чизе барои санҷиш наёфтам. Лутфан, матни пост, пайванд ё акс бо тавзеҳро фиристед.
unsupported-content =
    { $kind ->
        [sticker] Стикерҳоро санҷида наметавонам.
        [voice] Паёмҳои овозӣ ва аудиоро санҷида наметавонам.
        [poll] Пурсишҳоро санҷида наметавонам.
        [location] Ҷойгиршавиро санҷида наметавонам.
        [contact] Тамосҳоро санҷида наметавонам.
       *[other] Ин навъи паёмро санҷида наметавонам.
    } Лутфан, матни пост, пайванд ё акс ё видео бо тавзеҳро фиристед.
unknown-command = Ман ин фармонро намедонам. /help нишон медиҳад, ки ман чӣ кор карда метавонам.
error-generic = Бубахшед, дар тарафи мо хатогӣ рух дод. Паёми шумо нигоҳ дошта шуд; лутфан, пас аз як дақиқа бори дигар кӯшиш кунед.

## Checker desk (the checkers' chat; cards use the default language, replies the checker's)
desk-card-title = 📝 <b>Муроҷиат #{ $id }</b> · { $demand ->
       *[other] { $demand } хонанда
    }
desk-card-language = Забон: { $lang }
desk-card-origin = Аз куҷо фиристода шуд:
desk-card-seen = Бори аввал { $first } · бори охир { $last }
desk-card-assignee = 👤 Ба кор гирифт: { $name }
desk-card-media = [{ $kind } бе тавзеҳ]
desk-card-nearest = Хулосаҳои наздиктарин:
desk-card-no-nearest = Дар пойгоҳ хулосаи монанд нест.
desk-card-answered = ✅ Ҷавоб: хулосаи #{ $verdict }
desk-card-rejected = 🚫 Рад шуд: { $reason }
desk-action = { $action ->
        [take] муроҷиатро гирифт
        [link] ба хулоса пайваст
        [publish] хулосаи нав нашр кард
        [reject] муроҷиатро рад кард
        [correct] хулосаро ислоҳ кард
        [grant] нақш дод
        [revoke] нақшро бозпас гирифт
        [transcript] матнро ислоҳ кард
       *[other] { $action }
    }
desk-reason-spam = спам ё реклама
desk-reason-uncheckable = санҷиданашаванда
desk-reason-duplicate = такрорӣ
desk-button-take = ✋ Гирифтан
desk-button-link = 🔗 Ба хулоса пайвастан
desk-button-new = ✍️ Хулосаи нав
desk-button-reject = 🚫 Рад кардан
desk-button-correct = ✏️ Ислоҳи хулоса
desk-button-history = 📜 Таърих
desk-button-open = Кушодан #{ $id }
desk-button-confirm = ✅ Тасдиқ
desk-button-cancel = Бекор кардан
desk-button-publish = 📣 Нашр кардан
desk-button-keep = Бетағйир гузоштан
desk-queue-title = <b>Муроҷиатҳои кушода</b>, аввал серпурсишҳо:
desk-queue-line = #{ $id } · { $demand ->
       *[other] { $demand } хонанда
    } · { $lang } · { $text }
desk-queue-empty = Навбат холӣ аст.
desk-taken = Муроҷиати #{ $id } акнун аз они шумост.
desk-not-open = Муроҷиати #{ $id } дигар кушода нест.
desk-link-prompt = Муроҷиати #{ $id }: барои ҷустуҷӯ дар пойгоҳ калимаҳо фиристед ё яке аз ин хулосаҳоро интихоб кунед. /cancel — қатъ.
desk-link-results = Барои муроҷиати #{ $id } хулосаро интихоб кунед:
desk-link-nothing = Чизе ёфт нашуд. Калимаҳои дигарро санҷед ё /cancel.
desk-link-confirm = Муроҷиати #{ $id }-ро ба хулосаи #{ $verdict } «{ $claim }» пайваст мекунед? Онро фавран { $readers ->
       *[other] { $readers } хонанда
    } мегиранд, инро бекор кардан мумкин нест.
desk-linked = Ба муроҷиати #{ $id } бо хулосаи #{ $verdict } ҷавоб дода шуд; хонандагони огоҳшуда: { $notified }.
desk-reject-ask = Чаро муроҷиати #{ $id } рад карда шавад?
desk-reject-confirm = Муроҷиати #{ $id }-ро ҳамчун «{ $reason }» рад мекунед? Инро бекор кардан мумкин нест.
desk-rejected = Муроҷиати #{ $id } рад шуд: { $reason }.
desk-cancelled = Бекор шуд.
desk-draft-rating = Хулосаи нав барои муроҷиати #{ $id }. Қадами 1 аз 5: баҳоро интихоб кунед.
desk-draft-correct = Ислоҳи хулосаи #{ $verdict }. Қадами 1 аз 5: баҳоро интихоб кунед (ҳозир: { $rating }).
desk-draft-buttons-only = Лутфан тугмаҳоро истифода баред ё /cancel.
desk-draft-claim = Қадами 2 аз 5: иддаоро тавре фиристед, ки хонандагон бубинанд.
desk-draft-summary = Қадами 3 аз 5: шарҳро фиристед.
desk-draft-url = Қадами 4 аз 5: пайванди мақоларо фиристед (http:// ё https://).
desk-draft-bad-url = Ин пайванде нест, ки бо http:// ё https:// оғоз шавад. Пайванди мақоларо бори дигар фиристед.
desk-draft-lang = Қадами 5 аз 5: забони хулоса. Муайяншуда: { $lang }. Тасдиқ кунед ё дигареро интихоб кунед.
desk-draft-language = Забон: { $lang }
desk-draft-confirm = Хулосаро санҷед. Нашр онро ба ҳамаи хонандагоне, ки пурсидаанд, мефиристад ва бекор кардан мумкин нест.
desk-draft-expired = Ин гуфтугӯ дигар кушода нест.
desk-published = Хулосаи #{ $verdict } барои муроҷиати #{ $id } нашр шуд; хонандагони огоҳшуда: { $notified }.
desk-corrected = Хулосаи #{ $verdict } ислоҳ шуд; хонандагоне, ки ислоҳро гирифтанд: { $notified }.
desk-unchanged = Дар хулосаи #{ $verdict } чизе тағйир наёфт.
desk-history-title = <b>Таърихи муроҷиати #{ $id }</b>
desk-history-empty = Барои муроҷиати #{ $id } ҳоло амале сабт нашудааст.
desk-history-usage = Ба корти муроҷиат бо /history ҷавоб диҳед ё /history ва рақами муроҷиатро фиристед.
desk-correct-usage = /correct ва рақами хулосаро фиристед, масалан /correct 12.
desk-unknown-verdict = Хулосаи #{ $verdict } вуҷуд надорад.
desk-unknown-tip = Муроҷиати #{ $id } вуҷуд надорад.
desk-denied = Шумо барои ин амал нақш надоред. Маъмур метавонад онро бо /grant диҳад.
desk-dialog-revoked = Шумо дигар фактчекер нестед, бинобар ин ин гуфтугӯ ба охир расид: ҳеҷ чиз нашр ё тағйир дода нашуд.
desk-notice-verdict = 📬 Фактчекерҳои мо постеро, ки шумо фиристодед, санҷиданд (муроҷиати <b>#{ $id }</b>):
status-taken = 🔎 Фактсанҷ ба санҷиши посте, ки шумо фиристодед, шурӯъ кард (муроҷиати <b>#{ $id }</b>). Хулосаро ҳамин ҷо мефиристем.
status-closed = 🗂 Мо посте, ки шумо фиристодед, дида баромадем (муроҷиати <b>#{ $id }</b>): дар он иддао нест, ки санҷидан мумкин бошад, бинобар ин хулоса намешавад. Ташаккур барои фиристодан; постҳоеро, ки шуморо нигарон мекунанд, фиристода истед.
status-still_working = ⏳ Посте, ки шумо фиристодед (муроҷиати <b>#{ $id }</b>), ҳанӯз санҷида мешавад. Санҷиш вақт мегирад, мо онро фаромӯш накардаем.
desk-notice-correction = ✏️ Ислоҳ: санҷише, ки мо ба шумо фиристода будем, нав карда шуд.
desk-stats =
    <b>Нишондиҳандаҳои бот</b>
    Муроҷиатҳои гирифташуда: { $received }
    Ҷавоби худкор: { $auto }
    Муроҷиатҳои кушода аз рӯи забон: { $queue }
    Медианаи дақиқаҳо аз муроҷиати аввал то хулоса: { $median }
    Хонандагони огоҳшуда: { $notified }
desk-stats-health = Навсозиҳое, ки ҳамчун ноком нигоҳ дошта шуданд: { $failed } (рӯйхат: <code>tipline inbox failed</code>). Паёмҳое, ки расиданашон маълум нест: { $unknown }.
desk-stats-feedback = Баҳоҳои хонандагон
desk-stats-feedback-line = { $name }: { $count } (👍 { $up }, 👎 { $down })
desk-stats-status = Паёмҳои вазъ фиристода шуд: «санҷида мешавад» { $taken }, баста шуд { $closed }, «ҳанӯз месанҷем» { $still }
desk-stats-returning = Хонандагоне, ки дар 30 рӯз баргаштанд: { $share } ({ $returned } аз { $readers }, ки 30 ва зиёда рӯз пеш бори аввал навишта буданд)
admin-granted = Корбари { $user } акнун: { $role }.
admin-revoked = Корбари { $user } дигар нақш надорад (буд: { $role }).
admin-no-role = Корбари { $user } нақш надорад.
admin-usage = Истифода: /grant user_id checker ё /grant user_id editor, /revoke user_id; ё ба паёми шахс бо /grant checker ё /revoke ҷавоб диҳед.
admin-roles-title = <b>Нақшҳо</b> (маъмурон дар танзимот муайян мешаванд):
admin-roles-empty = Ҳоло фактчекер ва муҳаррир нест.
role-checker = фактчекер
role-editor = муҳаррир
role-admin = маъмур

## Subscriptions and broadcasts (readers get broadcasts in their language; editors see previews and progress)
subscribe-done = 🔔 Шумо обуна шудед. Фактчекҳои нави моро бо ҳамин забон мефиристам (/language забонро иваз мекунад). /unsubscribe паёмҳоро қатъ мекунад.
subscribe-already = Шумо аллакай обуна ҳастед. /unsubscribe паёмҳоро қатъ мекунад.
unsubscribe-done = 🔕 Шумо аз обуна баромадед, дигар фактчекҳо намеоянд. /subscribe онҳоро бармегардонад.
unsubscribe-not-subscribed = Шумо обуна нестед. /subscribe фактчекҳои нави моро мефиристад.
broadcast-intro = { $count ->
        [one] 📢 <b>Фактчеки нави</b> таҳририяти мо:
       *[other] 📢 <b>Фактчекҳои нави</b> таҳририяти мо:
    }
broadcast-usage = Пас аз /broadcast аз як то { $max } рақами ҳукмро нависед, масалан: <code>/broadcast t-ru-water 17</code>
broadcast-not-found = Ҳукм бо ин рақамҳо нест: { $refs }
broadcast-no-audience = Ҳоло касе обуна нашудааст, фиристодан ба касе нест.
broadcast-preview = 👁 Намуна бо забони «{ $language }», барои { $count } хонанда:
broadcast-confirm = <b>Паҳнкунии #{ $id }</b> ба { $total } обуначӣ меравад ({ $languages }). Фиристем? Баъд баргардонидан мумкин нест.
broadcast-send-button = 📣 Ба { $total } нафар фиристодан
broadcast-cancel-button = Бекор кардан
broadcast-cancelled = Паҳнкунии #{ $id } бекор шуд, ҳеҷ чиз фиристода нашуд.
broadcast-already-started = Паҳнкунии #{ $id } дигар сиёҳнавис нест.
broadcast-not-allowed = Паҳнкуниҳоро танҳо муҳаррирон фиристода метавонанд.
broadcast-progress =
    📣 <b>Паҳнкунии #{ $id }</b> фиристода мешавад, ҳамагӣ { $total } хонанда.
    Фиристода шуд: { $sent }
    Дар навбат: { $pending }
    Ботро баста: { $blocked }
    Хатоҳо: { $failed }
    Номаълум (шояд расида бошад; дубора фиристода намешавад): { $unknown }
broadcast-finished =
    ✅ <b>Паҳнкунии #{ $id }</b> анҷом ёфт ({ $total } хонанда).
    Фиристода шуд: { $sent }
    Дар навбат: { $pending }
    Ботро баста: { $blocked }
    Хатоҳо: { $failed }
    Номаълум (шояд расида бошад; дубора фиристода намешавад): { $unknown }
broadcast-stopped =
    ⏹ <b>Паҳнкунии #{ $id }</b> бекор шуд ({ $total } хонанда).
    Фиристода шуд: { $sent }
    Фиристода нашуд: { $pending }
    Ботро баста: { $blocked }
    Хатоҳо: { $failed }
    Номаълум (шояд расида бошад; дубора фиристода намешавад): { $unknown }
cmd-subscribe = Гирифтани фактчекҳои нави мо
cmd-unsubscribe = Қатъ кардани фактчекҳо

## Privacy (/mydata, /forget)
cmd-forget = Нест кардани маълумоти ман
cmd-mydata = Бот дар бораи ман чӣ нигоҳ медорад
privacy-notice = 🔒 <b>Махфият</b>: барои ба шумо ҷавоб додан ва хабар додан дар бораи хулоса ман id-и чати шумо, забони шумо, обунаи шумо ва постҳои фиристодаатонро нигоҳ медорам. Фактчекерҳо постҳоро мебинанд, вале номи шуморо не. Робитаи байни шумо ва постҳои шумо пас аз чанд моҳ нест карда мешавад. /mydata нишон медиҳад, ки ман дар бораи шумо чӣ нигоҳ медорам, /forget онро нест мекунад.
forget-confirm = Ҳамаи он чиро, ки дар бораи шумо нигоҳ медорам, нест кунам: забон, обуна ва робитаи байни шумо ва муроҷиатҳои фиристодаатон? Худи муроҷиатҳо бе номи шумо назди фактчекерҳо мемонанд. Инро баргардондан мумкин нест.
forget-yes = Ҳа, нест кардан
forget-cancel = Бекор кардан
forget-done = Тайёр: ҳамаи он чиро, ки дар бораи шумо нигоҳ медоштам, нест кардам. Агар боз ба ман нависед, id-и чат ва забони шуморо боз нигоҳ медорам.
forget-cancelled = Ҳеҷ чиз нест карда нашуд.
forget-not-yours = Ин тугма барои шумо нест.
button-stale = Ин тугма дигар кор намекунад.
feedback-up = 👍 Муфид
feedback-down = 👎 Кӯмак накард
feedback-thanks = Ташаккур, қайд шуд.
feedback-sorry = Афсӯс, ки кӯмак накард: қайд шуд.
feedback-what-wrong = Дар ин ҷавоб чӣ нодуруст аст?
feedback-reason-another_claim = Он дар бораи иддаои дигар аст
feedback-reason-wrong_verdict = Хулоса нодуруст аст
feedback-reason-other = Дигар
feedback-offer-desk = Ташаккур. Паёми шуморо ба фактчекерҳои мо фиристем?
feedback-send = Ба фактчекерҳо фиристодан
feedback-send-no = Не, ташаккур
feedback-noted = Ташаккур, қайд шуд.
feedback-sent = Ба фактчекерҳои мо ҳамчун дархости #{ $id } фиристода шуд: ба шумо дар ҳамин ҷо ҷавоб медиҳем. Агар хоҳед, дар паёми навбатӣ нависед, ки чӣ нодуруст аст, онҳо инро мебинанд.
note-added = Ташаккур: фактчекерҳо эзоҳи шуморо ба дархости #{ $id } мебинанд.
explainer-card =
    📘 <b>{ $title }</b>
    { $text }
cmd-menu = Ёддоштҳо: он чиро мебинед, чӣ тавр санҷед
menu-title = Ёддоштҳо: барои хондан яктоашро пахш кунед.
menu-empty = Бо забони шумо ҳоло ёддошт нест.
explainer-for-tip = Мо паёмеро, ки фиристодед, ҳанӯз месанҷем (дархости <b>#{ $id }</b>); то он вақт ин шояд кӯмак кунад.
desk-explain-usage = Ба корт бо <code>/explain KEY</code> ҷавоб диҳед ё <code>/explain 17 KEY</code> фиристед: хонандагони дархост ёддоштро як маротибагӣ мегиранд, минбаъдаҳо низ.
desk-unknown-explainer = Ёддошти { $name } нест (<code>/explain</code> рӯйхатро нишон медиҳад).
desk-explainer-attached = Ёддошти «{ $title }» ба дархости #{ $id } замима шуд: ба { $count } хонанда фиристода шуд.
desk-explainers-title = <b>Ёддоштҳо</b>
desk-explainers-empty = Ҳоло ёддошт нест: онҳоро бо <code>tipline explainers import FILE</code> бор кунед.
desk-card-explainer = 📘 Ёддошт: { $name }
context-button = 📍 Илова кунед, ки дар куҷо дидед
context-ask = Инро дар куҷо дидед? Дар як паём истинод, номи канал ё гурӯҳ ё чанд калима фиристед: фактчекерҳо онро дар дархости #{ $id } мебинанд.
desk-card-seen-at = 📍 Хонанда дар куҷо дид: { $text }
desk-card-disputed = ⚠️ Мувофиқат шояд нодуруст бошад: хулосаи #{ $verdict } ({ $kind }, баҳо { $score }). Хонанда мегӯяд: { $reason }
desk-card-note = 📝 Хонанда илова мекунад: { $text }
desk-answer-auto = ҷавоби худкор
desk-answer-picked = хонанда интихоб кард
desk-answer-desk = ҷавоби таҳририя
desk-answer-correction = ислоҳ
mydata =
    <b>Ман дар бораи шумо чӣ нигоҳ медорам</b>
    Забон: { $language }
    Обуна ба фактчекҳои нав: { $subscribed ->
        [yes] ҳа
       *[no] не
    }
    Тамоси аввал: { $first }
    Паёмҳои фиристодаи шумо: { $count }
    Рақамҳои муроҷиатҳои шумо: { $ids }
    Ҷавобҳое, ки шумо баҳо додед: { $rated }

    /forget ҳамаи инро нест мекунад.

## Идораҳои шарик
card-checked-by = Санҷидааст: { $partner }, { $country }
card-checked-by-partner = Санҷидааст: { $partner }
desk-card-partner = инро шарик санҷидааст: { $partner }
trust-auto = ба хонандагон ҷавоб медиҳад
trust-suggest = ҳамчун интихоб пешниҳод мешавад
trust-off = танҳо ҷустуҷӯ
partners-title = <b>Идораҳои шарик</b>
partners-none = Ҳоло идораҳои шарик нестанд. Онҳоро дар сервер илова мекунанд: tipline partners add NAME, tipline partners follow NAME URL.
partners-line = <b>{ $partner }</b> · { $trust }
partners-reads = навори моро мехонад
partners-followed = хулосаҳо: { $verdicts } (бозхондашуда: { $withdrawn }) · ҳамоҳангсозии охирин: { $synced }
partners-never = ҳанӯз не
partners-errors = хатоҳо: { $errors }, сабтҳои гузаронидашуда: { $skipped }; охирин: { $error }
partners-trust-changed = { $partner }: { $trust }
partners-gone = Ин шарик дигар дар рӯйхат нест; /partners-ро боз фиристед.
desk-card-rising = дар { $partner } паҳн мешавад: { $demand } хонанда
