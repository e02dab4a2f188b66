# tipline: Kyrgyz. Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Баштоо жана тилди тандоо
cmd-help = Эмне жөнөтсө болот жана бот кантип иштейт
cmd-language = Тилди алмаштыруу

## Greeting and help
start-greeting =
    👋 Саламатсызбы, { $name }! Бул — { $newsroom } редакциясынын фактчекинг боту.

    Мага шектүү постту жөнөтүңүз же анын текстин же шилтемесин коюңуз. Мен жарыяланган фактчекти издеп, бир нече секунддун ичинде жооп берем. Эгер биз муну азырынча текшере элек болсок, фактчекерлерибиз текшерет, мен сизге кабарлайм.

    { privacy-notice }
start-choose-language = Тилди ушул жерден же кийинчерээк /language буйругу менен алмаштырсаңыз болот:
help =
    <b>Бул ботту кантип колдонсо болот</b>

    • Каналдан же чаттан постту жөнөтүңүз же анын текстин коюңуз.
    • Шилтеме, ошондой эле жазуусу бар сүрөт же видео да жарайт.
    • Жарыяланган корутундубуз болсо, ошону жөнөтөм.
    • Эгер бул ырастоону азырынча текшере элек болсок, ал фактчекерлерибиздин кезегине коюлат, ал эми сиз кайрылуунун номерин аласыз. Корутунду чыкканда сизге жазам.

    Буйруктар: /language — тилди алмаштыруу, /help — ушул билдирүү.
    /subscribe — жаңы текшерүүлөрүбүздү алуу, /unsubscribe — жазылууну токтотуу.

    { privacy-notice }
language-choose = Тилди тандаңыз:
language-set = Даяр! Мындан ары сиз менен кыргызча сүйлөшөм.

## Answers to a forwarded post
card-intro = Биз бул ырастоону текшергенбиз:
card-claim = <b>Ырастоо:</b> { $claim }
card-read-more = Фактчекти толук окуу
rating-false = ❌ Жалган
rating-misleading = ⚠️ Жаңылыштырат
rating-partly_false = 🟠 Жарым-жартылай жалган
rating-missing_context = 🔍 Контекст жетишсиз
rating-unproven = ❓ Далилденген эмес
rating-satire = 🎭 Сатира
rating-true = ✅ Чындык
rating-none = ℹ️ Фактчек
choose-intro = Бул постко тиешеси болушу мүмкүн болгон жарыяланган фактчектерди таптым. Алардын бири ушулбу?
choose-none = Булардын бири да эмес
choice-expired = Бул суроо жабылып калган. Сураныч, постту кайра жөнөтүңүз.
queued =
    Рахмат! Бул тема боюнча бизде азырынча жарыяланган фактчек жок.
    Сиздин <b>#{ $id }</b> кайрылууңуз фактчекерлерибиздин кезегине коюлду. Корутунду чыкканда ушул жерге жазам.

## Things the bot cannot check
nothing-to-check = Бул билдирүүдө текшере турган эч нерсе таппадым. Сураныч, посттун текстин, шилтемесин же жазуусу бар сүрөттү жөнөтүңүз.
unsupported-content =
    { $kind ->
        [sticker] Стикерлерди текшере албайм.
        [voice] Үн билдирүүлөрүн жана аудиону текшере албайм.
        [poll] Сурамжылоолорду текшере албайм.
        [location] Геолокацияны текшере албайм.
        [contact] Байланыштарды текшере албайм.
       *[other] Мындай билдирүүлөрдү текшере албайм.
    } Сураныч, посттун текстин, шилтемесин же жазуусу бар сүрөттү же видеону жөнөтүңүз.
unknown-command = Мындай буйрукту билбейм. /help эмне кыла аларымды көрсөтөт.
error-generic = Кечиресиз, биз тарапта бир ката кетти. Билдирүүңүз сакталды; бир мүнөттөн кийин кайра аракет кылып көрүңүз.

## Checker desk (the checkers' chat; cards use the default language, replies the checker's)
desk-card-title = 📝 <b>Кайрылуу #{ $id }</b> · { $demand ->
       *[other] { $demand } окурман
    }
desk-card-language = Тили: { $lang }
desk-card-origin = Кайдан жөнөтүлгөн:
desk-card-seen = Биринчи жолу { $first } · акыркы жолу { $last }
desk-card-assignee = 👤 Ишке алган: { $name }
desk-card-media = [{ $kind }, жазуусу жок]
desk-card-nearest = Эң жакын өкүмдөр:
desk-card-no-nearest = Базада окшош өкүм жок.
desk-card-answered = ✅ Жооп: өкүм #{ $verdict }
desk-card-rejected = 🚫 Четке кагылды: { $reason }
desk-action = { $action ->
        [take] кайрылууну алды
        [link] өкүмгө байлады
        [publish] жаңы өкүм жарыялады
        [reject] кайрылууну четке какты
        [correct] өкүмдү оңдоду
        [grant] роль берди
        [revoke] ролду кайтарып алды
        [transcript] текстти оңдоду
       *[other] { $action }
    }
desk-reason-spam = спам же жарнама
desk-reason-uncheckable = текшерүүгө болбойт
desk-reason-duplicate = кайталанган
desk-button-take = ✋ Алуу
desk-button-link = 🔗 Өкүмгө байлоо
desk-button-new = ✍️ Жаңы өкүм
desk-button-reject = 🚫 Четке кагуу
desk-button-correct = ✏️ Өкүмдү оңдоо
desk-button-history = 📜 Тарых
desk-button-open = Ачуу #{ $id }
desk-button-confirm = ✅ Ырастоо
desk-button-cancel = Жокко чыгаруу
desk-button-publish = 📣 Жарыялоо
desk-button-keep = Өзгөртпөө
desk-queue-title = <b>Ачык кайрылуулар</b>, эң көп суралгандары биринчи:
desk-queue-line = #{ $id } · { $demand ->
       *[other] { $demand } окурман
    } · { $lang } · { $text }
desk-queue-empty = Кезек бош.
desk-taken = #{ $id } кайрылуу эми сиздики.
desk-not-open = #{ $id } кайрылуу эми ачык эмес.
desk-link-prompt = #{ $id } кайрылуу: базадан издөө үчүн сөздөрдү жөнөтүңүз же ушул өкүмдөрдүн бирин тандаңыз. /cancel — токтотуу.
desk-link-results = #{ $id } кайрылууга өкүм тандаңыз:
desk-link-nothing = Эч нерсе табылган жок. Башка сөздөр менен аракет кылыңыз же /cancel.
desk-link-confirm = #{ $id } кайрылууну #{ $verdict } «{ $claim }» өкүмүнө байлайсызбы? Аны дароо { $readers ->
       *[other] { $readers } окурман
    } алат, муну кайтаруу мүмкүн эмес.
desk-linked = #{ $id } кайрылууга #{ $verdict } өкүм менен жооп берилди; кабарланган окурмандар: { $notified }.
desk-reject-ask = #{ $id } кайрылуу эмне үчүн четке кагылат?
desk-reject-confirm = #{ $id } кайрылууну «{ $reason }» катары четке кагасызбы? Муну кайтаруу мүмкүн эмес.
desk-rejected = #{ $id } кайрылуу четке кагылды: { $reason }.
desk-cancelled = Жокко чыгарылды.
desk-draft-rating = #{ $id } кайрылууга жаңы өкүм. 1/5-кадам: бааны тандаңыз.
desk-draft-correct = #{ $verdict } өкүмдү оңдоо. 1/5-кадам: бааны тандаңыз (азыр: { $rating }).
desk-draft-buttons-only = Баскычтарды колдонуңуз же /cancel.
desk-draft-claim = 2/5-кадам: ырастоону окурмандар көрө турган түрдө жөнөтүңүз.
desk-draft-summary = 3/5-кадам: түшүндүрмөнү жөнөтүңүз.
desk-draft-url = 4/5-кадам: макалага шилтеме жөнөтүңүз (http:// же https://).
desk-draft-bad-url = Бул http:// же https:// менен башталган шилтеме эмес. Макаланын шилтемесин кайра жөнөтүңүз.
desk-draft-lang = 5/5-кадам: өкүмдүн тили. Аныкталганы: { $lang }. Ырастаңыз же башкасын тандаңыз.
desk-draft-language = Тили: { $lang }
desk-draft-confirm = Өкүмдү текшериңиз. Жарыялоо аны сураган бардык окурмандарга жөнөтөт, муну кайтаруу мүмкүн эмес.
desk-draft-expired = Бул диалог эми ачык эмес.
desk-published = #{ $id } кайрылууга #{ $verdict } өкүм жарыяланды; кабарланган окурмандар: { $notified }.
desk-corrected = #{ $verdict } өкүм оңдолду; оңдоону алган окурмандар: { $notified }.
desk-unchanged = #{ $verdict } өкүмдө эч нерсе өзгөргөн жок.
desk-history-title = <b>#{ $id } кайрылуунун тарыхы</b>
desk-history-empty = #{ $id } кайрылуу боюнча азырынча аракет жок.
desk-history-usage = Кайрылуунун карточкасына /history деп жооп бериңиз же /history жана кайрылуунун номерин жөнөтүңүз.
desk-correct-usage = /correct жана өкүмдүн номерин жөнөтүңүз, мисалы /correct 12.
desk-unknown-verdict = #{ $verdict } өкүм жок.
desk-unknown-tip = #{ $id } кайрылуу жок.
desk-denied = Бул аракетке сиздин ролуңуз жок. Администратор аны /grant аркылуу бере алат.
desk-dialog-revoked = Сиз мындан ары фактчекер эмессиз, ошондуктан бул диалог бүттү: эч нерсе жарыяланган жок жана өзгөртүлгөн жок.
desk-notice-verdict = 📬 Фактчекерлерибиз сиз жөнөткөн постту текшерди (кайрылуу <b>#{ $id }</b>):
status-taken = 🔎 Фактчекер сиз жөнөткөн постту карап баштады (кайрылуу <b>#{ $id }</b>). Жыйынтыкты ушул жерге жөнөтөбүз.
status-closed = 🗂 Сиз жөнөткөн постту карап чыктык (кайрылуу <b>#{ $id }</b>): анда текшерүүгө боло турган ырастоо жок, ошондуктан жыйынтык болбойт. Жөнөткөнүңүз үчүн рахмат, тынчсыздандырган постторду жөнөтө бериңиз.
status-still_working = ⏳ Сиз жөнөткөн пост (кайрылуу <b>#{ $id }</b>) дагы эле текшерилүүдө. Текшерүү убакыт талап кылат, биз аны унуткан жокпуз.
desk-notice-correction = ✏️ Оңдоо: сизге жөнөткөн текшерүүбүз жаңыланды.
desk-stats =
    <b>Боттун көрсөткүчтөрү</b>
    Келген кайрылуулар: { $received }
    Автоматтык жооп: { $auto }
    Тилдер боюнча ачык кайрылуулар: { $queue }
    Биринчи кайрылуудан өкүмгө чейинки медиана, мүнөт: { $median }
    Кабарланган окурмандар: { $notified }
desk-stats-health = Ийгиликсиз деп сакталган жаңыртуулар: { $failed } (тизмеси: <code>tipline inbox failed</code>). Жеткирилгени белгисиз билдирүүлөр: { $unknown }.
desk-stats-feedback = Окурмандардын баалары
desk-stats-feedback-line = { $name }: { $count } (👍 { $up }, 👎 { $down })
desk-stats-status = Жөнөтүлгөн статус билдирүүлөрү: «текшерилүүдө» { $taken }, жабылды { $closed }, «дагы эле текшерип жатабыз» { $still }
desk-stats-returning = 30 күндүн ичинде кайра жазган окурмандар: { $share } (30 жана андан көп күн мурун биринчи жазган { $readers } окурмандын { $returned })
admin-granted = { $user } колдонуучу эми: { $role }.
admin-revoked = { $user } колдонуучунун эми ролу жок (болгон: { $role }).
admin-no-role = { $user } колдонуучунун ролу жок.
admin-usage = Колдонуу: /grant user_id checker же /grant user_id editor, /revoke user_id; же адамдын билдирүүсүнө /grant checker же /revoke деп жооп бериңиз.
admin-roles-title = <b>Ролдор</b> (администраторлор жөндөөлөрдө көрсөтүлөт):
admin-roles-empty = Азырынча фактчекерлер жана редакторлор жок.
role-checker = фактчекер
role-editor = редактор
role-admin = администратор

## Subscriptions and broadcasts (readers get broadcasts in their language; editors see previews and progress)
subscribe-done = 🔔 Сиз жазылдыңыз. Жаңы фактчектерибизди ушул тилде жөнөтөм (/language тилди өзгөртөт). /unsubscribe таратууну токтотот.
subscribe-already = Сиз мурунтан эле жазылгансыз. /unsubscribe таратууну токтотот.
unsubscribe-done = 🔕 Сиз жазылуудан чыктыңыз, мындан ары фактчектер келбейт. /subscribe кайра кошот.
unsubscribe-not-subscribed = Сиз жазыла элексиз. /subscribe жаңы фактчектерибизди жөнөтөт.
broadcast-intro = { $count ->
        [one] 📢 Редакциябыздын <b>жаңы фактчеги</b>:
       *[other] 📢 Редакциябыздын <b>жаңы фактчектери</b>:
    }
broadcast-usage = /broadcast буйругунан кийин бирден { $max } чейин өкүм номерин жазыңыз, мисалы: <code>/broadcast t-ru-water 17</code>
broadcast-not-found = Мындай номерлүү өкүм жок: { $refs }
broadcast-no-audience = Азырынча эч ким жазылган эмес, жөнөтө турган адам жок.
broadcast-preview = 👁 «{ $language }» тилинде мындай көрүнөт, { $count } окурманга:
broadcast-confirm = <b>#{ $id } таратуу</b> { $total } жазылуучуга жөнөтүлөт ({ $languages }). Жөнөтөлүбү? Кийин кайтарып алууга болбойт.
broadcast-send-button = 📣 { $total } адамга жөнөтүү
broadcast-cancel-button = Жокко чыгаруу
broadcast-cancelled = #{ $id } таратуу жокко чыгарылды, эч нерсе жөнөтүлгөн жок.
broadcast-already-started = #{ $id } таратуу мындан ары долбоор эмес.
broadcast-not-allowed = Таратууларды редакторлор гана жөнөтө алат.
broadcast-progress =
    📣 <b>#{ $id } таратуу</b> жөнөтүлүүдө, бардыгы { $total } окурман.
    Жөнөтүлдү: { $sent }
    Кезекте: { $pending }
    Ботту бөгөттөгөндөр: { $blocked }
    Каталар: { $failed }
    Белгисиз (жеткен болушу мүмкүн; кайра жөнөтүлбөйт): { $unknown }
broadcast-finished =
    ✅ <b>#{ $id } таратуу</b> аяктады ({ $total } окурман).
    Жөнөтүлдү: { $sent }
    Кезекте: { $pending }
    Ботту бөгөттөгөндөр: { $blocked }
    Каталар: { $failed }
    Белгисиз (жеткен болушу мүмкүн; кайра жөнөтүлбөйт): { $unknown }
broadcast-stopped =
    ⏹ <b>#{ $id } таратуу</b> жокко чыгарылды ({ $total } окурман).
    Жөнөтүлдү: { $sent }
    Жөнөтүлгөн жок: { $pending }
    Ботту бөгөттөгөндөр: { $blocked }
    Каталар: { $failed }
    Белгисиз (жеткен болушу мүмкүн; кайра жөнөтүлбөйт): { $unknown }
cmd-subscribe = Жаңы фактчектерибизди алуу
cmd-unsubscribe = Фактчектерди алууну токтотуу

## Privacy (/mydata, /forget)
cmd-forget = Маалыматтарымды өчүрүү
cmd-mydata = Бот мен тууралуу эмнени сактайт
privacy-notice = 🔒 <b>Купуялык</b>: сизге жооп берүү жана корутунду чыкканда билдирүү үчүн чатыңыздын id-син, тилиңизди, жазылууңузду жана жөнөткөн постторуңузду сактайм. Фактчекерлер постторду көрөт, бирок атыңызды көрбөйт. Сиз менен постторуңуздун ортосундагы байланыш бир нече айдан кийин өчүрүлөт. /mydata сиз тууралуу эмнени сактаарымды көрсөтөт, /forget аны өчүрөт.
forget-confirm = Сиз тууралуу сактаганымдын баарын өчүрөйүнбү: тилиңизди, жазылууңузду жана сиз менен жөнөткөн кайрылууларыңыздын ортосундагы байланышты? Кайрылуулардын өзү фактчекерлерде атыңызсыз калат. Муну кайтаруу мүмкүн эмес.
forget-yes = Ооба, өчүрүү
forget-cancel = Жокко чыгаруу
forget-done = Даяр: сиз тууралуу сактаганымдын баарын өчүрдүм. Мага кайра жазсаңыз, чатыңыздын id-син жана тилиңизди кайра сактайм.
forget-cancelled = Эч нерсе өчүрүлгөн жок.
forget-not-yours = Бул баскыч сиз үчүн эмес.
button-stale = Бул баскыч мындан ары иштебейт.
feedback-up = 👍 Пайдалуу
feedback-down = 👎 Жардам берген жок
feedback-thanks = Рахмат, белгиленди.
feedback-sorry = Жардам бербегенине өкүнөбүз: белгиленди.
feedback-what-wrong = Бул жоопто эмне туура эмес?
feedback-reason-another_claim = Ал башка билдирүү жөнүндө
feedback-reason-wrong_verdict = Вердикт туура эмес
feedback-reason-other = Башка
feedback-offer-desk = Рахмат. Билдирүүңүздү фактчекерлерибизге жөнөтөлүбү?
feedback-send = Фактчекерлерге жөнөтүү
feedback-send-no = Жок, рахмат
feedback-noted = Рахмат, белгиленди.
feedback-sent = Фактчекерлерибизге #{ $id } кайрылуу катары жөнөтүлдү: сизге ушул жерден жооп беребиз. Кааласаңыз, кийинки билдирүүңүздө эмне туура эмес экенин жазыңыз, алар аны көрүшөт.
note-added = Рахмат: фактчекерлер #{ $id } кайрылууга жазган эскертмеңизди көрүшөт.
explainer-card =
    📘 <b>{ $title }</b>
    { $text }
cmd-menu = Эскертмелер: көргөнүңүздү кантип текшерүү керек
menu-title = Эскертмелер: окуу үчүн бирин басыңыз.
menu-empty = Сиздин тилиңизде азырынча эскертме жок.
explainer-for-tip = Сиз жөнөткөн билдирүүнү дагы эле текшерип жатабыз (<b>#{ $id }</b> кайрылуу); азырынча бул жардам бериши мүмкүн.
desk-explain-usage = Карточкага <code>/explain KEY</code> деп жооп бериңиз же <code>/explain 17 KEY</code> жөнөтүңүз: кайрылуунун окурмандары эскертмени бир жолудан алышат, кийинкилер да алышат.
desk-unknown-explainer = { $name } эскертмеси жок (<code>/explain</code> тизмени көрсөтөт).
desk-explainer-attached = «{ $title }» эскертмеси #{ $id } кайрылууга бекитилди: { $count } окурманга жөнөтүлдү.
desk-explainers-title = <b>Эскертмелер</b>
desk-explainers-empty = Азырынча эскертме жок: аларды <code>tipline explainers import FILE</code> менен жүктөңүз.
desk-card-explainer = 📘 Эскертме: { $name }
context-button = 📍 Кайдан көргөнүңүздү кошуу
context-ask = Муну кайдан көрдүңүз? Бир билдирүүдө шилтеме, канал же топтун атын же бир нече сөз жөнөтүңүз: фактчекерлер аны #{ $id } кайрылуудан көрүшөт.
desk-card-seen-at = 📍 Окурман кайдан көргөн: { $text }
desk-card-disputed = ⚠️ Дал келүү туура эмес болушу мүмкүн: вердикт #{ $verdict } ({ $kind }, баа { $score }). Окурман айтат: { $reason }
desk-card-note = 📝 Окурман кошот: { $text }
desk-answer-auto = автоматтык жооп
desk-answer-picked = окурман тандаган
desk-answer-desk = редакциянын жообу
desk-answer-correction = оңдоо
mydata =
    <b>Сиз тууралуу эмнени сактайм</b>
    Тил: { $language }
    Жаңы фактчектерге жазылуу: { $subscribed ->
        [yes] ооба
       *[no] жок
    }
    Биринчи кайрылуу: { $first }
    Жөнөткөн билдирүүлөрүңүз: { $count }
    Кайрылууларыңыздын номерлери: { $ids }
    Сиз баалаган жооптор: { $rated }

    /forget мунун баарын өчүрөт.

## Өнөктөш редакциялар
card-checked-by = Текшерген: { $partner }, { $country }
card-checked-by-partner = Текшерген: { $partner }
desk-card-partner = муну өнөктөш текшерген: { $partner }
trust-auto = окурмандарга жооп берет
trust-suggest = тандоо катары сунушталат
trust-off = издөө үчүн гана
partners-title = <b>Өнөктөш редакциялар</b>
partners-none = Азырынча өнөктөш редакциялар жок. Аларды серверде кошушат: tipline partners add NAME, tipline partners follow NAME URL.
partners-line = <b>{ $partner }</b> · { $trust }
partners-reads = биздин тасмабызды окуйт
partners-followed = өкүмдөр: { $verdicts } (кайтарылганы: { $withdrawn }) · акыркы синхрондоо: { $synced }
partners-never = али боло элек
partners-errors = каталар: { $errors }, өткөрүлгөн жазуулар: { $skipped }; акыркысы: { $error }
partners-trust-changed = { $partner }: { $trust }
partners-gone = Бул өнөктөш тизмеде жок; /partners буйругун кайра жөнөтүңүз.
desk-card-rising = { $partner } өнөктөшүндө тарап жатат: { $demand } окурман
