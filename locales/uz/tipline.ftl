# tipline: Uzbek (Latin script). Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Boshlash va tilni tanlash
cmd-help = Nima yuborish mumkin va bot qanday ishlaydi
cmd-language = Tilni oʻzgartirish

## Greeting and help
start-greeting =
    👋 Assalomu alaykum, { $name }! Bu — { $newsroom } tahririyatining faktlarni tekshirish boti.

    Menga shubhali postni yuboring yoki uning matni yoxud havolasini joylang. Men eʼlon qilingan tekshiruvni izlab, bir necha soniyada javob beraman. Agar biz buni hali tekshirmagan boʻlsak, tekshiruvchilarimiz koʻrib chiqadi, men esa sizga xabar beraman.
start-choose-language = Tilni shu yerda yoki keyinroq /language buyrugʻi bilan oʻzgartirishingiz mumkin:
help =
    <b>Bu botdan qanday foydalanish kerak</b>

    • Kanal yoki chatdan postni yuboring yoxud uning matnini joylang.
    • Havola, shuningdek izohli rasm yoki video ham boʻladi.
    • Eʼlon qilingan xulosamiz boʻlsa, uni yuboraman.
    • Agar bu daʼvoni hali tekshirmagan boʻlsak, u tekshiruvchilarimiz navbatiga qoʻyiladi, siz esa murojaat raqamini olasiz. Xulosa chiqqanda sizga yozaman.

    Buyruqlar: /language — tilni oʻzgartirish, /help — shu xabar.
language-choose = Tilni tanlang:
language-set = Tayyor! Endi siz bilan oʻzbekcha gaplashaman.

## Answers to a forwarded post
card-intro = Biz bu daʼvoni tekshirganmiz:
card-claim = <b>Daʼvo:</b> { $claim }
card-read-more = Tekshiruvni toʻliq oʻqish
card-published = { $publisher }, { $date }
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
queued-media =
    Rahmat! Rasm va videolarni hozircha avtomatik tekshira olmayman, shuning uchun <b>#{ $id }</b> raqamli murojaatingiz tekshiruvchilarimizga yuborildi. Xulosa chiqqanda shu yerga yozaman.
already-received = Bu xabar menda bor (<b>#{ $id }</b> raqamli murojaat). Xulosa chiqqanda sizga yozaman.

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
