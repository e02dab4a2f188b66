# tipline: Uzbek (Latin script). Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Boshlash va tilni tanlash
cmd-help = Nima yuborish mumkin va bot qanday ishlaydi
cmd-language = Tilni oʻzgartirish

## Greeting and help
start-greeting =
    👋 Assalomu alaykum, { $name }! Bu — { $newsroom } tahririyatining faktlarni tekshirish boti.

    Menga shubhali postni yuboring yoki uning matni yoxud havolasini joylang. Men eʼlon qilingan tekshiruvni izlab, bir necha soniyada javob beraman. Agar biz buni hali tekshirmagan boʻlsak, tekshiruvchilarimiz koʻrib chiqadi, men esa sizga xabar beraman.

    { privacy-notice }
start-choose-language = Tilni shu yerda yoki keyinroq /language buyrugʻi bilan oʻzgartirishingiz mumkin:
help =
    <b>Bu botdan qanday foydalanish kerak</b>

    • Kanal yoki chatdan postni yuboring yoxud uning matnini joylang.
    • Havola, shuningdek izohli rasm yoki video ham boʻladi.
    • Eʼlon qilingan xulosamiz boʻlsa, uni yuboraman.
    • Agar bu daʼvoni hali tekshirmagan boʻlsak, u tekshiruvchilarimiz navbatiga qoʻyiladi, siz esa murojaat raqamini olasiz. Xulosa chiqqanda sizga yozaman.

    Buyruqlar: /language — tilni oʻzgartirish, /help — shu xabar.
    /subscribe — yangi tekshiruvlarimizni olish, /unsubscribe — obunani bekor qilish.

    { privacy-notice }
language-choose = Tilni tanlang:
language-set = Tayyor! Endi siz bilan oʻzbekcha gaplashaman.

## Answers to a forwarded post
card-intro = Biz bu daʼvoni tekshirganmiz:
card-claim = <b>Daʼvo:</b> { $claim }
card-read-more = Tekshiruvni toʻliq oʻqish
rating-false = ❌ Yolgʻon
rating-misleading = ⚠️ Chalgʻituvchi
rating-partly_false = 🟠 Qisman yolgʻon
rating-missing_context = 🔍 Kontekst yetishmaydi
rating-unproven = ❓ Isbotlanmagan
rating-satire = 🎭 Satira
rating-true = ✅ Rost
rating-none = ℹ️ Faktcheking
choose-intro = Shu postga tegishli boʻlishi mumkin boʻlgan eʼlon qilingan tekshiruvlarni topdim. Ulardan biri shumi?
choose-none = Bularning hech biri emas
choice-expired = Bu savol endi yopilgan. Iltimos, postni qaytadan yuboring.
queued =
    Rahmat! Bu mavzuda hozircha eʼlon qilingan tekshiruvimiz yoʻq.
    <b>#{ $id }</b> raqamli murojaatingiz tekshiruvchilarimiz navbatiga qoʻyildi. Xulosa chiqqanda shu yerga yozaman.

## Things the bot cannot check
nothing-to-check = Bu xabarda tekshiradigan narsa topmadim. Iltimos, post matnini, havolani yoki izohli rasmni yuboring.
unsupported-content =
    { $kind ->
        [sticker] Stikerlarni tekshira olmayman.
        [voice] Ovozli xabarlar va audiolarni tekshira olmayman.
        [poll] Soʻrovnomalarni tekshira olmayman.
        [location] Geolokatsiyalarni tekshira olmayman.
        [contact] Kontaktlarni tekshira olmayman.
       *[other] Bunday xabarlarni tekshira olmayman.
    } Iltimos, post matnini, havolani yoki izohli rasm yoxud videoni yuboring.
unknown-command = Bunday buyruqni bilmayman. /help nimalar qila olishimni koʻrsatadi.
error-generic = Kechirasiz, biz tomonda nimadir notoʻgʻri ketdi. Xabaringiz saqlandi; bir daqiqadan soʻng qayta urinib koʻring.

## Checker desk (the checkers' chat; cards use the default language, replies the checker's)
desk-card-title = 📝 <b>Murojaat #{ $id }</b> · { $demand ->
       *[other] { $demand } o‘quvchi
    }
desk-card-language = Til: { $lang }
desk-card-origin = Qayerdan yuborilgan:
desk-card-seen = Birinchi marta { $first } · oxirgi marta { $last }
desk-card-assignee = 👤 Ishga olgan: { $name }
desk-card-media = [{ $kind }, izohsiz]
desk-card-nearest = Eng yaqin xulosalar:
desk-card-no-nearest = Bazada o‘xshash xulosa yo‘q.
desk-card-answered = ✅ Javob: xulosa #{ $verdict }
desk-card-rejected = 🚫 Rad etildi: { $reason }
desk-action = { $action ->
        [take] murojaatni oldi
        [link] xulosaga bog‘ladi
        [publish] yangi xulosa e’lon qildi
        [reject] murojaatni rad etdi
        [correct] xulosani tuzatdi
        [grant] rol berdi
        [revoke] rolni qaytarib oldi
        [transcript] matnni tuzatdi
       *[other] { $action }
    }
desk-reason-spam = spam yoki reklama
desk-reason-uncheckable = tekshirib bo‘lmaydi
desk-reason-duplicate = takror
desk-button-take = ✋ Olish
desk-button-link = 🔗 Xulosaga bog‘lash
desk-button-new = ✍️ Yangi xulosa
desk-button-reject = 🚫 Rad etish
desk-button-correct = ✏️ Xulosani tuzatish
desk-button-history = 📜 Tarix
desk-button-open = Ochish #{ $id }
desk-button-confirm = ✅ Tasdiqlash
desk-button-cancel = Bekor qilish
desk-button-publish = 📣 E’lon qilish
desk-button-keep = O‘zgartirmaslik
desk-queue-title = <b>Ochiq murojaatlar</b>, eng ko‘p so‘ralganlari birinchi:
desk-queue-line = #{ $id } · { $demand ->
       *[other] { $demand } o‘quvchi
    } · { $lang } · { $text }
desk-queue-empty = Navbat bo‘sh.
desk-taken = #{ $id } murojaat endi sizniki.
desk-not-open = #{ $id } murojaat endi ochiq emas.
desk-link-prompt = #{ $id } murojaat: bazadan qidirish uchun so‘zlar yuboring yoki shu xulosalardan birini tanlang. /cancel — to‘xtatish.
desk-link-results = #{ $id } murojaat uchun xulosani tanlang:
desk-link-nothing = Hech narsa topilmadi. Boshqa so‘zlarni sinab ko‘ring yoki /cancel.
desk-link-confirm = #{ $id } murojaatni #{ $verdict } «{ $claim }» xulosasiga bog‘laysizmi? Uni darhol { $readers ->
       *[other] { $readers } o‘quvchi
    } oladi, buni bekor qilib bo‘lmaydi.
desk-linked = #{ $id } murojaatga #{ $verdict } xulosa bilan javob berildi; xabardor qilingan o‘quvchilar: { $notified }.
desk-reject-ask = #{ $id } murojaat nima uchun rad etiladi?
desk-reject-confirm = #{ $id } murojaatni «{ $reason }» sifatida rad etasizmi? Buni bekor qilib bo‘lmaydi.
desk-rejected = #{ $id } murojaat rad etildi: { $reason }.
desk-cancelled = Bekor qilindi.
desk-draft-rating = #{ $id } murojaat uchun yangi xulosa. 1/5-qadam: bahoni tanlang.
desk-draft-correct = #{ $verdict } xulosani tuzatish. 1/5-qadam: bahoni tanlang (hozir: { $rating }).
desk-draft-buttons-only = Iltimos, tugmalardan foydalaning yoki /cancel.
desk-draft-claim = 2/5-qadam: da’voni o‘quvchilar ko‘radigan shaklda yuboring.
desk-draft-summary = 3/5-qadam: izohni yuboring.
desk-draft-url = 4/5-qadam: maqolaga havolani yuboring (http:// yoki https://).
desk-draft-bad-url = Bu http:// yoki https:// bilan boshlanadigan havola emas. Maqola havolasini qayta yuboring.
desk-draft-lang = 5/5-qadam: xulosa tili. Aniqlangani: { $lang }. Tasdiqlang yoki boshqasini tanlang.
desk-draft-language = Til: { $lang }
desk-draft-confirm = Xulosani tekshiring. E’lon qilish uni so‘ragan barcha o‘quvchilarga yuboradi, buni bekor qilib bo‘lmaydi.
desk-draft-expired = Bu muloqot endi ochiq emas.
desk-published = #{ $id } murojaat uchun #{ $verdict } xulosa e’lon qilindi; xabardor qilingan o‘quvchilar: { $notified }.
desk-corrected = #{ $verdict } xulosa tuzatildi; tuzatishni olgan o‘quvchilar: { $notified }.
desk-unchanged = #{ $verdict } xulosada hech narsa o‘zgarmadi.
desk-history-title = <b>#{ $id } murojaat tarixi</b>
desk-history-empty = #{ $id } murojaat bo‘yicha hali harakat yo‘q.
desk-history-usage = Murojaat kartasiga /history bilan javob bering yoki /history va murojaat raqamini yuboring.
desk-correct-usage = /correct va xulosa raqamini yuboring, masalan /correct 12.
desk-unknown-verdict = #{ $verdict } xulosa yo‘q.
desk-unknown-tip = #{ $id } murojaat yo‘q.
desk-denied = Bu amal uchun sizda rol yo‘q. Administrator uni /grant orqali berishi mumkin.
desk-dialog-revoked = Siz endi faktcheker emassiz, shuning uchun bu muloqot tugadi: hech narsa e’lon qilinmadi va o‘zgartirilmadi.
desk-notice-verdict = 📬 Faktcheckerlarimiz siz yuborgan postni tekshirdi (murojaat <b>#{ $id }</b>):
status-taken = 🔎 Faktcheker siz yuborgan postni ko‘rib chiqishni boshladi (murojaat <b>#{ $id }</b>). Xulosani shu yerga yuboramiz.
status-closed = 🗂 Siz yuborgan postni ko‘rib chiqdik (murojaat <b>#{ $id }</b>): unda tekshirsa bo‘ladigan da’vo yo‘q, shuning uchun xulosa bo‘lmaydi. Yuborganingiz uchun rahmat, sizni xavotirga solgan postlarni yuborishda davom eting.
status-still_working = ⏳ Siz yuborgan post (murojaat <b>#{ $id }</b>) hali tekshirilmoqda. Tekshiruv vaqt talab qiladi, biz uni unutmadik.
desk-notice-correction = ✏️ Tuzatish: sizga yuborgan tekshiruvimiz yangilandi.
desk-stats =
    <b>Bot ko‘rsatkichlari</b>
    Kelgan murojaatlar: { $received }
    Avtomatik javob: { $auto }
    Tillar bo‘yicha ochiq murojaatlar: { $queue }
    Birinchi murojaatdan xulosagacha mediana, daqiqa: { $median }
    Xabardor qilingan o‘quvchilar: { $notified }
desk-stats-health = Muvaffaqiyatsiz deb saqlangan yangilanishlar: { $failed } (roʻyxati: <code>tipline inbox failed</code>). Yetib borgani nomaʼlum xabarlar: { $unknown }.
desk-stats-feedback = O‘quvchilar baholari
desk-stats-feedback-line = { $name }: { $count } (👍 { $up }, 👎 { $down })
desk-stats-status = Yuborilgan holat xabarlari: «tekshirilmoqda» { $taken }, yopildi { $closed }, «hali tekshiryapmiz» { $still }
desk-stats-returning = 30 kun ichida qaytgan o‘quvchilar: { $share } (30 va undan ko‘p kun oldin birinchi yozgan { $readers } o‘quvchidan { $returned })
admin-granted = { $user } foydalanuvchi endi: { $role }.
admin-revoked = { $user } foydalanuvchida endi rol yo‘q (edi: { $role }).
admin-no-role = { $user } foydalanuvchida rol yo‘q.
admin-usage = Foydalanish: /grant user_id checker yoki /grant user_id editor, /revoke user_id; yoki odamning xabariga /grant checker yoki /revoke bilan javob bering.
admin-roles-title = <b>Rollar</b> (administratorlar sozlamalarda ko‘rsatiladi):
admin-roles-empty = Hozircha faktcheker va muharrirlar yo‘q.
role-checker = faktcheker
role-editor = muharrir
role-admin = administrator

## Subscriptions and broadcasts (readers get broadcasts in their language; editors see previews and progress)
subscribe-done = 🔔 Siz obuna boʻldingiz. Yangi faktcheklarimizni shu tilda yuboraman (/language tilni oʻzgartiradi). /unsubscribe xabarlarni toʻxtatadi.
subscribe-already = Siz allaqachon obuna boʻlgansiz. /unsubscribe xabarlarni toʻxtatadi.
unsubscribe-done = 🔕 Obunadan chiqdingiz, endi faktcheklar kelmaydi. /subscribe ularni qaytaradi.
unsubscribe-not-subscribed = Siz obuna boʻlmagansiz. /subscribe yangi faktcheklarimizni yuboradi.
broadcast-intro = { $count ->
        [one] 📢 Tahririyatimizning <b>yangi faktcheki</b>:
       *[other] 📢 Tahririyatimizning <b>yangi faktcheklari</b>:
    }
broadcast-usage = /broadcast buyrugʻidan keyin bittadan { $max } tagacha hukm raqamini yozing, masalan: <code>/broadcast t-ru-water 17</code>
broadcast-not-found = Bunday raqamli hukm yoʻq: { $refs }
broadcast-no-audience = Hozircha hech kim obuna boʻlmagan, yuboradigan odam yoʻq.
broadcast-preview = 👁 «{ $language }» tilida qanday koʻrinadi, { $count } oʻquvchi uchun:
broadcast-confirm = <b>#{ $id } tarqatma</b> { $total } obunachiga yuboriladi ({ $languages }). Yuborilsinmi? Keyin qaytarib boʻlmaydi.
broadcast-send-button = 📣 { $total } kishiga yuborish
broadcast-cancel-button = Bekor qilish
broadcast-cancelled = #{ $id } tarqatma bekor qilindi, hech narsa yuborilmadi.
broadcast-already-started = #{ $id } tarqatma endi qoralama emas.
broadcast-not-allowed = Tarqatmalarni faqat muharrirlar yubora oladi.
broadcast-progress =
    📣 <b>#{ $id } tarqatma</b> yuborilmoqda, jami { $total } oʻquvchi.
    Yuborildi: { $sent }
    Navbatda: { $pending }
    Botni bloklaganlar: { $blocked }
    Xatolar: { $failed }
    Nomaʼlum (yetib borgan boʻlishi mumkin; qayta yuborilmaydi): { $unknown }
broadcast-finished =
    ✅ <b>#{ $id } tarqatma</b> yakunlandi ({ $total } oʻquvchi).
    Yuborildi: { $sent }
    Navbatda: { $pending }
    Botni bloklaganlar: { $blocked }
    Xatolar: { $failed }
    Nomaʼlum (yetib borgan boʻlishi mumkin; qayta yuborilmaydi): { $unknown }
broadcast-stopped =
    ⏹ <b>#{ $id } tarqatma</b> bekor qilindi ({ $total } oʻquvchi).
    Yuborildi: { $sent }
    Yuborilmadi: { $pending }
    Botni bloklaganlar: { $blocked }
    Xatolar: { $failed }
    Nomaʼlum (yetib borgan boʻlishi mumkin; qayta yuborilmaydi): { $unknown }
cmd-subscribe = Yangi faktcheklarimizni olish
cmd-unsubscribe = Faktcheklarni olishni toʻxtatish

## Privacy (/mydata, /forget)
cmd-forget = Maʼlumotlarimni oʻchirish
cmd-mydata = Bot men haqimda nimani saqlaydi
privacy-notice = 🔒 <b>Maxfiylik</b>: sizga javob berish va xulosa chiqqanda xabar berish uchun chatingiz id raqamini, tilingizni, obunangizni va yuborgan postlaringizni saqlayman. Tekshiruvchilar postlarni koʻradi, lekin ismingizni koʻrmaydi. Siz bilan postlaringiz oʻrtasidagi bogʻliqlik bir necha oydan keyin oʻchiriladi. /mydata siz haqingizda nimani saqlashimni koʻrsatadi, /forget uni oʻchiradi.
forget-confirm = Siz haqingizda saqlaganlarimning hammasini oʻchiraymi: tilingiz, obunangiz va siz bilan yuborgan murojaatlaringiz oʻrtasidagi bogʻliqlik? Murojaatlarning oʻzi tekshiruvchilarda ismingizsiz qoladi. Buni qaytarib boʻlmaydi.
forget-yes = Ha, oʻchirish
forget-cancel = Bekor qilish
forget-done = Tayyor: siz haqingizda saqlaganlarimning hammasini oʻchirdim. Menga yana yozsangiz, chatingiz id raqami va tilingizni yana saqlayman.
forget-cancelled = Hech narsa oʻchirilmadi.
forget-not-yours = Bu tugma siz uchun emas.
button-stale = Bu tugma endi ishlamaydi.
feedback-up = 👍 Foydali
feedback-down = 👎 Yordam bermadi
feedback-thanks = Rahmat, qayd etildi.
feedback-sorry = Yordam bermagani uchun uzr: qayd etildi.
feedback-what-wrong = Bu javobda nima noto‘g‘ri?
feedback-reason-another_claim = U boshqa da’vo haqida
feedback-reason-wrong_verdict = Xulosa noto‘g‘ri
feedback-reason-other = Boshqa
feedback-offer-desk = Rahmat. Xabaringizni faktchekerlarimizga yuboraylikmi?
feedback-send = Faktchekerlarga yuborish
feedback-send-no = Yo‘q, rahmat
feedback-noted = Rahmat, qayd etildi.
feedback-sent = Faktchekerlarimizga #{ $id } murojaat sifatida yuborildi: sizga shu yerda javob beramiz. Istasangiz, keyingi xabaringizda nima noto‘g‘ri ekanini yozing, ular buni ko‘radi.
note-added = Rahmat: faktchekerlar #{ $id } murojaatga yozgan izohingizni ko‘radi.
explainer-card =
    📘 <b>{ $title }</b>
    { $text }
cmd-menu = Eslatmalar: ko‘rganingizni qanday tekshirish kerak
menu-title = Eslatmalar: o‘qish uchun birini bosing.
menu-empty = Sizning tilingizda hozircha eslatma yo‘q.
explainer-for-tip = Siz yuborgan xabarni hali tekshiryapmiz (<b>#{ $id }</b> murojaat); hozircha bu yordam berishi mumkin.
desk-explain-usage = Kartochkaga <code>/explain KEY</code> deb javob bering yoki <code>/explain 17 KEY</code> yuboring: murojaat o‘quvchilari eslatmani bir martadan oladi, keyingilar ham oladi.
desk-unknown-explainer = { $name } eslatmasi yo‘q (<code>/explain</code> ro‘yxatni ko‘rsatadi).
desk-explainer-attached = «{ $title }» eslatmasi #{ $id } murojaatga biriktirildi: { $count } o‘quvchiga yuborildi.
desk-explainers-title = <b>Eslatmalar</b>
desk-explainers-empty = Hozircha eslatma yo‘q: ularni <code>tipline explainers import FILE</code> bilan yuklang.
desk-card-explainer = 📘 Eslatma: { $name }
context-button = 📍 Qayerda ko‘rganingizni qo‘shish
context-ask = Buni qayerda ko‘rdingiz? Bitta xabarda havola, kanal yoki guruh nomini yoki bir necha so‘z yuboring: faktchekerlar buni #{ $id } murojaatda ko‘radi.
desk-card-seen-at = 📍 O‘quvchi qayerda ko‘rgan: { $text }
desk-card-disputed = ⚠️ Moslik noto‘g‘ri bo‘lishi mumkin: xulosa #{ $verdict } ({ $kind }, baho { $score }). O‘quvchi aytadi: { $reason }
desk-card-note = 📝 O‘quvchi qo‘shadi: { $text }
desk-answer-auto = avtomatik javob
desk-answer-picked = o‘quvchi tanlagan
desk-answer-desk = tahririyat javobi
desk-answer-correction = tuzatish
mydata =
    <b>Siz haqingizda nimani saqlayman</b>
    Til: { $language }
    Yangi tekshiruvlarga obuna: { $subscribed ->
        [yes] ha
       *[no] yoʻq
    }
    Birinchi murojaat: { $first }
    Yuborgan xabarlaringiz: { $count }
    Murojaatlaringiz raqamlari: { $ids }
    Siz baholagan javoblar: { $rated }

    /forget bularning hammasini oʻchiradi.

## Hamkor tahririyatlar
card-checked-by = Tekshirgan: { $partner }, { $country }
card-checked-by-partner = Tekshirgan: { $partner }
desk-card-partner = buni hamkor tekshirgan: { $partner }
trust-auto = o‘quvchilarga javob beradi
trust-suggest = tanlov sifatida taklif qilinadi
trust-off = faqat qidiruv
partners-title = <b>Hamkor tahririyatlar</b>
partners-none = Hozircha hamkor tahririyatlar yo‘q. Ular serverda qo‘shiladi: tipline partners add NAME, tipline partners follow NAME URL.
partners-line = <b>{ $partner }</b> · { $trust }
partners-reads = bizning lentamizni o‘qiydi
partners-followed = xulosalar: { $verdicts } (qaytarib olingan: { $withdrawn }) · oxirgi sinxronlash: { $synced }
partners-never = hali bo‘lmagan
partners-errors = xatolar: { $errors }, o‘tkazib yuborilgan yozuvlar: { $skipped }; oxirgisi: { $error }
partners-trust-changed = { $partner }: { $trust }
partners-gone = Bu hamkor endi ro‘yxatda yo‘q; /partners buyrug‘ini qayta yuboring.
desk-card-rising = { $partner } hamkorida tarqalmoqda: { $demand } o‘quvchi
