# tipline: Kazakh. Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Бастау және тілді таңдау
cmd-help = Не жіберуге болады және бот қалай жұмыс істейді
cmd-language = Тілді ауыстыру

## Greeting and help
start-greeting =
    👋 Сәлеметсіз бе, { $name }! Бұл — { $newsroom } редакциясының фактчекинг боты.

    Маған күдікті постты жіберіңіз немесе оның мәтінін не сілтемесін қойыңыз. Мен жарияланған фактчекті іздеп, бірнеше секундта жауап беремін. Егер біз мұны әлі тексермеген болсақ, фактчекерлеріміз тексереді, ал мен сізге хабарлаймын.

    { privacy-notice }
start-choose-language = Тілді осы жерден немесе кейін /language командасымен ауыстыруға болады:
help =
    <b>Бұл ботты қалай пайдалану керек</b>

    • Арнадан не чаттан постты жіберіңіз немесе оның мәтінін қойыңыз.
    • Сілтеме, сондай-ақ жазуы бар фото не видео да жарайды.
    • Жарияланған тұжырымымыз болса, соны жіберемін.
    • Егер бұл мәлімдемені әлі тексермеген болсақ, ол фактчекерлеріміздің кезегіне түседі, ал сіз өтініш нөмірін аласыз. Тұжырым шыққанда сізге жазамын.

    Командалар: /language — тілді ауыстыру, /help — осы хабарлама.
    /subscribe — жаңа тексерулерімізді алу, /unsubscribe — жазылымнан бас тарту.

    { privacy-notice }
language-choose = Тілді таңдаңыз:
language-set = Дайын! Енді сізбен қазақша сөйлесемін.

## Answers to a forwarded post
card-intro = Біз бұл мәлімдемені тексергенбіз:
card-claim = <b>Мәлімдеме:</b> { $claim }
card-read-more = Фактчекті толық оқу
rating-false = ❌ Жалған
rating-misleading = ⚠️ Жаңылыстырады
rating-partly_false = 🟠 Ішінара жалған
rating-missing_context = 🔍 Контекст жетіспейді
rating-unproven = ❓ Дәлелденбеген
rating-satire = 🎭 Сатира
rating-true = ✅ Шындық
rating-none = ℹ️ Фактчек
choose-intro = Осы постқа қатысы болуы мүмкін жарияланған фактчектер таптым. Солардың бірі ме?
choose-none = Бұлардың ешқайсысы емес
choice-expired = Бұл сұрақ енді жабық. Постты қайта жіберіңізші.
queued =
    Рақмет! Бұл тақырып бойынша бізде әзірге жарияланған фактчек жоқ.
    Сіздің <b>#{ $id }</b> өтінішіңіз фактчекерлеріміздің кезегіне қойылды. Тұжырым шыққанда осы жерге жазамын.

## Things the bot cannot check
nothing-to-check = Бұл хабарламада тексеретін ештеңе таппадым. Посттың мәтінін, сілтемесін немесе жазуы бар фотоны жіберіңізші.
unsupported-content =
    { $kind ->
        [sticker] Стикерлерді тексере алмаймын.
        [voice] Дауыстық хабарламалар мен аудионы тексере алмаймын.
        [poll] Сауалнамаларды тексере алмаймын.
        [location] Геолокацияны тексере алмаймын.
        [contact] Контактілерді тексере алмаймын.
       *[other] Мұндай хабарламаны тексере алмаймын.
    } Посттың мәтінін, сілтемесін немесе жазуы бар фото не видеоны жіберіңізші.
unknown-command = Мұндай команданы білмеймін. /help не істей алатынымды көрсетеді.
error-generic = Кешіріңіз, бізде бір ақау шықты. Хабарламаңыз сақталды; бір минуттан кейін қайталап көріңізші.

## Checker desk (the checkers' chat; cards use the default language, replies the checker's)
desk-card-title = 📝 <b>Өтініш #{ $id }</b> · { $demand ->
       *[other] { $demand } оқырман
    }
desk-card-language = Тілі: { $lang }
desk-card-origin = Қайдан жіберілген:
desk-card-seen = Алғаш { $first } · соңғы рет { $last }
desk-card-assignee = 👤 Жұмысқа алған: { $name }
desk-card-media = [{ $kind }, жазуы жоқ]
desk-card-nearest = Ең жақын вердиктілер:
desk-card-no-nearest = Базада ұқсас вердикт жоқ.
desk-card-answered = ✅ Жауап: вердикт #{ $verdict }
desk-card-rejected = 🚫 Қабылданбады: { $reason }
desk-action = { $action ->
        [take] өтінішті алды
        [link] вердиктіге байлады
        [publish] жаңа вердикт жариялады
        [reject] өтінішті қабылдамады
        [correct] вердиктіні түзетті
        [grant] рөл берді
        [revoke] рөлді қайтарып алды
        [transcript] мәтінді түзетті
       *[other] { $action }
    }
desk-reason-spam = спам немесе жарнама
desk-reason-uncheckable = тексеруге келмейді
desk-reason-duplicate = қайталанған
desk-button-take = ✋ Алу
desk-button-link = 🔗 Вердиктіге байлау
desk-button-new = ✍️ Жаңа вердикт
desk-button-reject = 🚫 Қабылдамау
desk-button-correct = ✏️ Вердиктіні түзету
desk-button-history = 📜 Тарих
desk-button-open = Ашу #{ $id }
desk-button-confirm = ✅ Растау
desk-button-cancel = Болдырмау
desk-button-publish = 📣 Жариялау
desk-button-keep = Өзгертпеу
desk-queue-title = <b>Ашық өтініштер</b>, ең жиі сұралғандары алдымен:
desk-queue-line = #{ $id } · { $demand ->
       *[other] { $demand } оқырман
    } · { $lang } · { $text }
desk-queue-empty = Кезек бос.
desk-taken = #{ $id } өтініш енді сіздікі.
desk-not-open = #{ $id } өтініш енді ашық емес.
desk-link-prompt = #{ $id } өтініш: базадан іздеу үшін сөздер жіберіңіз немесе осы вердиктілердің бірін таңдаңыз. /cancel — тоқтату.
desk-link-results = #{ $id } өтінішке вердикт таңдаңыз:
desk-link-nothing = Ештеңе табылмады. Басқа сөздермен көріңіз немесе /cancel.
desk-link-confirm = #{ $id } өтінішті #{ $verdict } «{ $claim }» вердиктіге байлайсыз ба? Оны бірден { $readers ->
       *[other] { $readers } оқырман
    } алады, бұл әрекетті қайтару мүмкін емес.
desk-linked = #{ $id } өтінішке #{ $verdict } вердиктімен жауап берілді; хабарланған оқырмандар: { $notified }.
desk-reject-ask = #{ $id } өтініш неге қабылданбайды?
desk-reject-confirm = #{ $id } өтінішті «{ $reason }» ретінде қабылдамайсыз ба? Қайтару мүмкін емес.
desk-rejected = #{ $id } өтініш қабылданбады: { $reason }.
desk-cancelled = Болдырылмады.
desk-draft-rating = #{ $id } өтінішке жаңа вердикт. 1/5-қадам: бағаны таңдаңыз.
desk-draft-correct = #{ $verdict } вердиктіні түзету. 1/5-қадам: бағаны таңдаңыз (қазір: { $rating }).
desk-draft-buttons-only = Батырмаларды пайдаланыңыз немесе /cancel.
desk-draft-claim = 2/5-қадам: тұжырымды оқырмандар көретіндей етіп жіберіңіз.
desk-draft-summary = 3/5-қадам: түсіндірмені жіберіңіз.
desk-draft-url = 4/5-қадам: мақалаға сілтеме жіберіңіз (http:// немесе https://).
desk-draft-bad-url = Бұл http:// немесе https:// деп басталатын сілтеме емес. Мақала сілтемесін қайта жіберіңіз.
desk-draft-lang = 5/5-қадам: вердикт тілі. Анықталғаны: { $lang }. Растаңыз немесе басқасын таңдаңыз.
desk-draft-language = Тілі: { $lang }
desk-draft-confirm = Вердиктіні тексеріңіз. Жариялау оны сұраған барлық оқырманға жібереді, қайтару мүмкін емес.
desk-draft-expired = Бұл диалог енді ашық емес.
desk-published = #{ $id } өтінішке #{ $verdict } вердикт жарияланды; хабарланған оқырмандар: { $notified }.
desk-corrected = #{ $verdict } вердикт түзетілді; түзету алған оқырмандар: { $notified }.
desk-unchanged = #{ $verdict } вердиктіде ештеңе өзгерген жоқ.
desk-history-title = <b>#{ $id } өтініш тарихы</b>
desk-history-empty = #{ $id } өтініш бойынша әлі әрекет жоқ.
desk-history-usage = Өтініш карточкасына /history деп жауап беріңіз немесе /history және өтініш нөмірін жіберіңіз.
desk-correct-usage = /correct және вердикт нөмірін жіберіңіз, мысалы /correct 12.
desk-unknown-verdict = #{ $verdict } вердикт жоқ.
desk-unknown-tip = #{ $id } өтініш жоқ.
desk-denied = Бұл әрекетке рөліңіз жоқ. Әкімші оны /grant арқылы бере алады.
desk-dialog-revoked = Сіз енді фактчекер емессіз, сондықтан бұл диалог аяқталды: ештеңе жарияланған да, өзгертілген де жоқ.
desk-notice-verdict = 📬 Фактчекерлеріміз сіз жіберген постты тексерді (өтініш <b>#{ $id }</b>):
status-taken = 🔎 Фактчекер сіз жіберген постты қарай бастады (өтініш <b>#{ $id }</b>). Қорытындыны осында жібереміз.
status-closed = 🗂 Сіз жіберген постты қарадық (өтініш <b>#{ $id }</b>): онда тексеруге болатын мәлімдеме жоқ, сондықтан қорытынды болмайды. Жібергеніңізге рақмет, алаңдатқан посттарды жібере беріңіз.
status-still_working = ⏳ Сіз жіберген пост (өтініш <b>#{ $id }</b>) әлі тексерілуде. Тексеру уақыт алады, біз оны ұмытқан жоқпыз.
desk-notice-correction = ✏️ Түзету: сізге жіберген тексеруіміз жаңартылды.
desk-stats =
    <b>Бот көрсеткіштері</b>
    Келген өтініштер: { $received }
    Автоматты жауап: { $auto }
    Тілдер бойынша ашық өтініштер: { $queue }
    Алғашқы өтініштен вердиктіге дейінгі медиана, минут: { $median }
    Хабарланған оқырмандар: { $notified }
desk-stats-health = Сәтсіз деп сақталған жаңартулар: { $failed } (тізімі: <code>tipline inbox failed</code>). Жеткізілгені белгісіз хабарлар: { $unknown }.
desk-stats-feedback = Оқырман бағалары
desk-stats-feedback-line = { $name }: { $count } (👍 { $up }, 👎 { $down })
desk-stats-status = Жіберілген мәртебе хабарлары: «тексерілуде» { $taken }, жабылды { $closed }, «әлі тексерудеміз» { $still }
desk-stats-returning = 30 күн ішінде қайта жазған оқырмандар: { $share } (30 және одан көп күн бұрын алғаш жазған { $readers } оқырманның { $returned })
admin-granted = { $user } пайдаланушы енді: { $role }.
admin-revoked = { $user } пайдаланушының енді рөлі жоқ (болған: { $role }).
admin-no-role = { $user } пайдаланушының рөлі жоқ.
admin-usage = Қолдану: /grant user_id checker немесе /grant user_id editor, /revoke user_id; не адамның хабарына /grant checker немесе /revoke деп жауап беріңіз.
admin-roles-title = <b>Рөлдер</b> (әкімшілер баптауларда көрсетіледі):
admin-roles-empty = Әзірге фактчекерлер мен редакторлар жоқ.
role-checker = фактчекер
role-editor = редактор
role-admin = әкімші

## Subscriptions and broadcasts (readers get broadcasts in their language; editors see previews and progress)
subscribe-done = 🔔 Сіз жазылдыңыз. Жаңа фактчектерімізді осы тілде жіберемін (/language тілді өзгертеді). /unsubscribe таратуды тоқтатады.
subscribe-already = Сіз жазылып қойғансыз. /unsubscribe таратуды тоқтатады.
unsubscribe-done = 🔕 Сіз жазылымнан шықтыңыз, енді фактчек хабарламалары келмейді. /subscribe қайта қосады.
unsubscribe-not-subscribed = Сіз жазылмағансыз. /subscribe арқылы жаңа фактчектерімізді ала аласыз.
broadcast-intro = { $count ->
        [one] 📢 Редакциямыздың <b>жаңа фактчегі</b>:
       *[other] 📢 Редакциямыздың <b>жаңа фактчектері</b>:
    }
broadcast-usage = /broadcast командасынан кейін бірден { $max } дейін вердикт нөмірін жазыңыз, мысалы: <code>/broadcast t-ru-water 17</code>
broadcast-not-found = Мына нөмірлермен вердикт жоқ: { $refs }
broadcast-no-audience = Әзірге ешкім жазылмаған, жіберетін адам жоқ.
broadcast-preview = 👁 «{ $language }» тіліндегі көрінісі, { $count } оқырманға:
broadcast-confirm = <b>#{ $id } тарату</b> { $total } жазылушыға жіберіледі ({ $languages }). Жіберу керек пе? Кейін қайтарып алу мүмкін емес.
broadcast-send-button = 📣 { $total } адамға жіберу
broadcast-cancel-button = Бас тарту
broadcast-cancelled = #{ $id } тарату тоқтатылды, ештеңе жіберілмеді.
broadcast-already-started = #{ $id } тарату енді жоба емес.
broadcast-not-allowed = Таратуды тек редакторлар жібере алады.
broadcast-progress =
    📣 <b>#{ $id } тарату</b> жіберілуде, барлығы { $total } оқырман.
    Жіберілді: { $sent }
    Кезекте: { $pending }
    Ботты бұғаттағандар: { $blocked }
    Қателер: { $failed }
    Белгісіз (жеткен болуы мүмкін; қайта жіберілмейді): { $unknown }
broadcast-finished =
    ✅ <b>#{ $id } тарату</b> аяқталды ({ $total } оқырман).
    Жіберілді: { $sent }
    Кезекте: { $pending }
    Ботты бұғаттағандар: { $blocked }
    Қателер: { $failed }
    Белгісіз (жеткен болуы мүмкін; қайта жіберілмейді): { $unknown }
broadcast-stopped =
    ⏹ <b>#{ $id } тарату</b> тоқтатылды ({ $total } оқырман).
    Жіберілді: { $sent }
    Жіберілмеді: { $pending }
    Ботты бұғаттағандар: { $blocked }
    Қателер: { $failed }
    Белгісіз (жеткен болуы мүмкін; қайта жіберілмейді): { $unknown }
cmd-subscribe = Жаңа фактчектерімізді алу
cmd-unsubscribe = Фактчектерді алуды тоқтату

## Privacy (/mydata, /forget)
cmd-forget = Деректерімді жою
cmd-mydata = Бот мен туралы не сақтайды
privacy-notice = 🔒 <b>Құпиялылық</b>: сізге жауап беру және вердикт шыққанда хабарлау үшін чатыңыздың id-ін, тіліңізді, жазылымыңызды және жіберген посттарыңызды сақтаймын. Фактчекерлер посттарды көреді, бірақ атыңызды көрмейді. Сіз бен посттарыңыздың арасындағы байланыс бірнеше айдан кейін жойылады. /mydata сіз туралы не сақтайтынымды көрсетеді, /forget оны жояды.
forget-confirm = Сіз туралы сақтағанымның бәрін жоямын ба: тіліңізді, жазылымыңызды және сіз бен жіберген өтініштеріңіздің байланысын? Өтініштердің өзі фактчекерлерде атыңызсыз қалады. Мұны қайтару мүмкін емес.
forget-yes = Иә, жою
forget-cancel = Бас тарту
forget-done = Дайын: сіз туралы сақтағанымның бәрін жойдым. Маған қайта жазсаңыз, чатыңыздың id-і мен тіліңізді қайта сақтаймын.
forget-cancelled = Ештеңе жойылған жоқ.
forget-not-yours = Бұл батырма сізге арналмаған.
button-stale = Бұл батырма енді жұмыс істемейді.
feedback-up = 👍 Пайдалы
feedback-down = 👎 Көмектеспеді
feedback-thanks = Рақмет, белгіленді.
feedback-sorry = Көмектеспегені өкінішті: белгіленді.
feedback-what-wrong = Бұл жауапта не дұрыс емес?
feedback-reason-another_claim = Ол басқа мәлімдеме туралы
feedback-reason-wrong_verdict = Вердикт қате
feedback-reason-other = Басқа
feedback-offer-desk = Рақмет. Хабарламаңызды фактчекерлерімізге жіберейік пе?
feedback-send = Фактчекерлерге жіберу
feedback-send-no = Жоқ, рақмет
feedback-noted = Рақмет, белгіленді.
feedback-sent = Фактчекерлерімізге #{ $id } өтінім ретінде жіберілді: сізге осында жауап береміз. Қаласаңыз, келесі хабарламаңызда не дұрыс емес екенін жазыңыз, олар оны көреді.
note-added = Рақмет: фактчекерлер #{ $id } өтінімге жазған ескертпеңізді көреді.
explainer-card =
    📘 <b>{ $title }</b>
    { $text }
cmd-menu = Жадынамалар: көргеніңізді қалай тексеру керек
menu-title = Жадынамалар: оқу үшін біреуін басыңыз.
menu-empty = Сіздің тіліңізде әзірге жадынама жоқ.
explainer-for-tip = Сіз жіберген хабарламаны әлі тексеріп жатырмыз (<b>#{ $id }</b> өтінім); әзірге мынау көмектесуі мүмкін.
desk-explain-usage = Карточкаға <code>/explain KEY</code> деп жауап беріңіз немесе <code>/explain 17 KEY</code> жіберіңіз: өтінім оқырмандары жадынаманы бір реттен алады, кейінгілер де алады.
desk-unknown-explainer = { $name } жадынамасы жоқ (<code>/explain</code> тізімді көрсетеді).
desk-explainer-attached = «{ $title }» жадынамасы #{ $id } өтінімге бекітілді: { $count } оқырманға жіберілді.
desk-explainers-title = <b>Жадынамалар</b>
desk-explainers-empty = Әзірге жадынама жоқ: оларды <code>tipline explainers import FILE</code> арқылы жүктеңіз.
desk-card-explainer = 📘 Жадынама: { $name }
context-button = 📍 Қайдан көргеніңізді қосу
context-ask = Мұны қайдан көрдіңіз? Бір хабарламада сілтеме, арна не топ атауын немесе бірнеше сөз жіберіңіз: фактчекерлер оны #{ $id } өтінімнен көреді.
desk-card-seen-at = 📍 Оқырман қайдан көрді: { $text }
desk-card-disputed = ⚠️ Сәйкестік қате болуы мүмкін: вердикт #{ $verdict } ({ $kind }, баға { $score }). Оқырман айтады: { $reason }
desk-card-note = 📝 Оқырман қосады: { $text }
desk-answer-auto = автоматты жауап
desk-answer-picked = оқырман таңдады
desk-answer-desk = редакция жауабы
desk-answer-correction = түзету
mydata =
    <b>Сіз туралы не сақтаймын</b>
    Тіл: { $language }
    Жаңа фактчектерге жазылым: { $subscribed ->
        [yes] иә
       *[no] жоқ
    }
    Алғашқы байланыс: { $first }
    Жіберген хабарламаларыңыз: { $count }
    Өтініштеріңіздің нөмірлері: { $ids }
    Сіз бағалаған жауаптар: { $rated }

    /forget мұның бәрін жояды.

## Серіктес редакциялар
card-checked-by = Тексерген: { $partner }, { $country }
card-checked-by-partner = Тексерген: { $partner }
desk-card-partner = мұны серіктес тексерген: { $partner }
trust-auto = оқырмандарға жауап береді
trust-suggest = таңдау ретінде ұсынылады
trust-off = тек іздеу
partners-title = <b>Серіктес редакциялар</b>
partners-none = Әзірге серіктес редакциялар жоқ. Оларды серверде қосады: tipline partners add NAME, tipline partners follow NAME URL.
partners-line = <b>{ $partner }</b> · { $trust }
partners-reads = біздің лентамызды оқиды
partners-followed = вердиктілер: { $verdicts } (қайтарылғаны: { $withdrawn }) · соңғы синхрондау: { $synced }
partners-never = әлі болмаған
partners-errors = қателер: { $errors }, өткізілген жазбалар: { $skipped }; соңғысы: { $error }
partners-trust-changed = { $partner }: { $trust }
partners-gone = Бұл серіктес енді тізімде жоқ; /partners командасын қайта жіберіңіз.
desk-card-rising = { $partner } серіктесінде таралуда: { $demand } оқырман
