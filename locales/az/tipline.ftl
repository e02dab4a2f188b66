# tipline: Azerbaijani. Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Başla və dili seç
cmd-help = Nə göndərmək olar və bot necə işləyir
cmd-language = Dili dəyiş

## Greeting and help
start-greeting =
    👋 Salam, { $name }! Bu, { $newsroom } redaksiyasının faktyoxlama botudur.

    Mənə şübhəli paylaşımı göndərin və ya onun mətnini, yaxud linkini yapışdırın. Dərc olunmuş faktyoxlamanı axtarıb bir neçə saniyəyə cavab verəcəyəm. Əgər bunu hələ yoxlamamışıqsa, faktyoxlayıcılarımız yoxlayacaq, mən də sizə xəbər verəcəyəm.
start-choose-language = Dili burada və ya sonra /language əmri ilə dəyişə bilərsiniz:
help =
    <b>Bu botdan necə istifadə etməli</b>

    • Kanaldan və ya çatdan paylaşımı göndərin, yaxud onun mətnini yapışdırın.
    • Link, həmçinin izahlı şəkil və ya video da olar.
    • Dərc olunmuş nəticəmiz varsa, onu göndərəcəyəm.
    • Əgər bu iddianı hələ yoxlamamışıqsa, o, faktyoxlayıcılarımızın növbəsinə düşür, siz isə müraciət nömrəsi alırsınız. Nəticə hazır olanda sizə yazacağam.

    Əmrlər: /language — dili dəyişmək, /help — bu mesaj.
language-choose = Dilinizi seçin:
language-set = Hazırdır! Bundan sonra sizinlə azərbaycanca danışacağam.

## Answers to a forwarded post
card-intro = Biz bu iddianı yoxlamışıq:
card-claim = <b>İddia:</b> { $claim }
card-read-more = Faktyoxlamanı tam oxuyun
card-published = { $publisher }, { $date }
rating-false = ❌ Yalan
rating-misleading = ⚠️ Çaşdırıcı
rating-partly_false = 🟠 Qismən yalan
rating-missing_context = 🔍 Kontekst çatışmır
rating-unproven = ❓ Sübut olunmayıb
rating-satire = 🎭 Satira
rating-true = ✅ Doğru
rating-none = ℹ️ Faktyoxlama
choose-intro = Bu paylaşımla bağlı ola biləcək dərc olunmuş faktyoxlamalar tapdım. Onlardan biridirmi?
choose-none = Bunların heç biri
choice-expired = Bu sual artıq bağlanıb. Zəhmət olmasa, paylaşımı yenidən göndərin.
queued =
    Təşəkkür edirik! Bu mövzuda hələ dərc olunmuş faktyoxlamamız yoxdur.
    <b>#{ $id }</b> nömrəli müraciətiniz faktyoxlayıcılarımızın növbəsinə qoyuldu. Nəticə hazır olanda sizə burada yazacağam.
queued-media =
    Təşəkkür edirik! Şəkil və videoları hələ avtomatik yoxlaya bilmirəm, ona görə də <b>#{ $id }</b> nömrəli müraciətiniz faktyoxlayıcılarımıza göndərildi. Nəticə hazır olanda sizə burada yazacağam.
already-received = Bu mesaj artıq məndə var (<b>#{ $id }</b> nömrəli müraciət). Nəticə hazır olanda sizə yazacağam.

## Things the bot cannot check
nothing-to-check = Bu mesajda yoxlanılacaq heç nə tapmadım. Zəhmət olmasa, paylaşımın mətnini, linkini və ya izahlı şəkil göndərin.
unsupported-content =
    { $kind ->
        [sticker] Stikerləri yoxlaya bilmirəm.
        [voice] Səsli mesajları və audioları yoxlaya bilmirəm.
        [poll] Sorğuları yoxlaya bilmirəm.
        [location] Məkanları yoxlaya bilmirəm.
        [contact] Kontaktları yoxlaya bilmirəm.
       *[other] Bu növ mesajları yoxlaya bilmirəm.
    } Zəhmət olmasa, paylaşımın mətnini, linkini və ya izahlı şəkil, yaxud video göndərin.
unknown-command = Bu əmri tanımıram. /help nələr edə bildiyimi göstərir.
error-generic = Bağışlayın, bizim tərəfdə nəsə səhv getdi. Mesajınız saxlanıldı; bir dəqiqədən sonra yenidən cəhd edin.
