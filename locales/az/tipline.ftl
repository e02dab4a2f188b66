# tipline: Azerbaijani. Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Başla və dili seç
cmd-help = Nə göndərmək olar və bot necə işləyir
cmd-language = Dili dəyiş

## Greeting and help
start-greeting =
    👋 Salam, { $name }! Bu, { $newsroom } redaksiyasının faktyoxlama botudur.

    Mənə şübhəli paylaşımı göndərin və ya onun mətnini, yaxud linkini yapışdırın. Dərc olunmuş faktyoxlamanı axtarıb bir neçə saniyəyə cavab verəcəyəm. Əgər bunu hələ yoxlamamışıqsa, faktyoxlayıcılarımız yoxlayacaq, mən də sizə xəbər verəcəyəm.

    { privacy-notice }
start-choose-language = Dili burada və ya sonra /language əmri ilə dəyişə bilərsiniz:
help =
    <b>Bu botdan necə istifadə etməli</b>

    • Kanaldan və ya çatdan paylaşımı göndərin, yaxud onun mətnini yapışdırın.
    • Link, həmçinin izahlı şəkil və ya video da olar.
    • Dərc olunmuş nəticəmiz varsa, onu göndərəcəyəm.
    • Əgər bu iddianı hələ yoxlamamışıqsa, o, faktyoxlayıcılarımızın növbəsinə düşür, siz isə müraciət nömrəsi alırsınız. Nəticə hazır olanda sizə yazacağam.

    Əmrlər: /language — dili dəyişmək, /help — bu mesaj.
    /subscribe — yeni yoxlamalarımızı almaq, /unsubscribe — abunəlikdən çıxmaq.

    { privacy-notice }
language-choose = Dilinizi seçin:
language-set = Hazırdır! Bundan sonra sizinlə azərbaycanca danışacağam.

## Answers to a forwarded post
card-intro = Biz bu iddianı yoxlamışıq:
card-claim = <b>İddia:</b> { $claim }
card-read-more = Faktyoxlamanı tam oxuyun
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

## Checker desk (the checkers' chat; cards use the default language, replies the checker's)
desk-card-title = 📝 <b>Müraciət #{ $id }</b> · { $demand ->
       *[other] { $demand } oxucu
    }
desk-card-language = Dil: { $lang }
desk-card-origin = Haradan göndərilib:
desk-card-seen = İlk dəfə { $first } · son dəfə { $last }
desk-card-assignee = 👤 İşə götürüb: { $name }
desk-card-media = [{ $kind }, izahsız]
desk-card-nearest = Ən yaxın hökmlər:
desk-card-no-nearest = Bazada oxşar hökm yoxdur.
desk-card-answered = ✅ Cavab: hökm #{ $verdict }
desk-card-rejected = 🚫 Rədd edildi: { $reason }
desk-action = { $action ->
        [take] müraciəti götürdü
        [link] hökmə bağladı
        [publish] yeni hökm dərc etdi
        [reject] müraciəti rədd etdi
        [correct] hökmü düzəltdi
        [grant] rol verdi
        [revoke] rolu geri aldı
        [transcript] mətni düzəltdi
       *[other] { $action }
    }
desk-reason-spam = spam və ya reklam
desk-reason-uncheckable = yoxlanıla bilməz
desk-reason-duplicate = təkrar
desk-button-take = ✋ Götür
desk-button-link = 🔗 Hökmə bağla
desk-button-new = ✍️ Yeni hökm
desk-button-reject = 🚫 Rədd et
desk-button-correct = ✏️ Hökmü düzəlt
desk-button-history = 📜 Tarixçə
desk-button-open = Aç #{ $id }
desk-button-confirm = ✅ Təsdiqlə
desk-button-cancel = Ləğv et
desk-button-publish = 📣 Dərc et
desk-button-keep = Olduğu kimi saxla
desk-queue-title = <b>Açıq müraciətlər</b>, ən çox soruşulanlar əvvəl:
desk-queue-line = #{ $id } · { $demand ->
       *[other] { $demand } oxucu
    } · { $lang } · { $text }
desk-queue-empty = Növbə boşdur.
desk-taken = #{ $id } müraciət artıq sizindir.
desk-not-open = #{ $id } müraciət artıq açıq deyil.
desk-link-prompt = #{ $id } müraciət: bazada axtarmaq üçün sözlər göndərin və ya bu hökmlərdən birini seçin. /cancel — dayandırmaq.
desk-link-results = #{ $id } müraciət üçün hökmü seçin:
desk-link-nothing = Heç nə tapılmadı. Başqa sözlər yoxlayın və ya /cancel.
desk-link-confirm = #{ $id } müraciəti #{ $verdict } «{ $claim }» hökmünə bağlayırsınız? Onu dərhal { $readers ->
       *[other] { $readers } oxucu
    } alacaq, bunu geri qaytarmaq olmaz.
desk-linked = #{ $id } müraciətə #{ $verdict } hökmü ilə cavab verildi; xəbərdar edilən oxucular: { $notified }.
desk-reject-ask = #{ $id } müraciət niyə rədd edilsin?
desk-reject-confirm = #{ $id } müraciəti «{ $reason }» kimi rədd edirsiniz? Bunu geri qaytarmaq olmaz.
desk-rejected = #{ $id } müraciət rədd edildi: { $reason }.
desk-cancelled = Ləğv edildi.
desk-draft-rating = #{ $id } müraciət üçün yeni hökm. Addım 1/5: qiyməti seçin.
desk-draft-correct = #{ $verdict } hökmünün düzəldilməsi. Addım 1/5: qiyməti seçin (indi: { $rating }).
desk-draft-buttons-only = Zəhmət olmasa düymələrdən istifadə edin və ya /cancel.
desk-draft-claim = Addım 2/5: iddianı oxucuların görəcəyi kimi göndərin.
desk-draft-summary = Addım 3/5: izahı göndərin.
desk-draft-url = Addım 4/5: məqalənin linkini göndərin (http:// və ya https://).
desk-draft-bad-url = Bu http:// və ya https:// ilə başlayan link deyil. Məqalənin linkini yenidən göndərin.
desk-draft-lang = Addım 5/5: hökmün dili. Müəyyən edilən: { $lang }. Təsdiqləyin və ya başqasını seçin.
desk-draft-language = Dil: { $lang }
desk-draft-confirm = Hökmü yoxlayın. Dərc etmək onu soruşan bütün oxuculara göndərir və geri qaytarılmır.
desk-draft-expired = Bu dialoq artıq açıq deyil.
desk-published = #{ $id } müraciət üçün #{ $verdict } hökmü dərc edildi; xəbərdar edilən oxucular: { $notified }.
desk-corrected = #{ $verdict } hökmü düzəldildi; düzəlişi alan oxucular: { $notified }.
desk-unchanged = #{ $verdict } hökmündə heç nə dəyişmədi.
desk-history-title = <b>#{ $id } müraciətin tarixçəsi</b>
desk-history-empty = #{ $id } müraciət üzrə hələ heç bir əməliyyat yoxdur.
desk-history-usage = Müraciətin kartına /history ilə cavab verin və ya /history və müraciət nömrəsini göndərin.
desk-correct-usage = /correct və hökmün nömrəsini göndərin, məsələn /correct 12.
desk-unknown-verdict = #{ $verdict } hökmü yoxdur.
desk-unknown-tip = #{ $id } müraciət yoxdur.
desk-denied = Bu əməliyyat üçün rolunuz yoxdur. İnzibatçı onu /grant ilə verə bilər.
desk-dialog-revoked = Siz artıq faktçeker deyilsiniz, buna görə bu dialoq bitdi: heç nə dərc edilmədi və dəyişdirilmədi.
desk-notice-verdict = 📬 Faktçekerlərimiz bizə göndərdiyiniz postu yoxladı (müraciət <b>#{ $id }</b>):
status-taken = 🔎 Faktçeker bizə göndərdiyiniz postu araşdırmağa başladı (müraciət <b>#{ $id }</b>). Nəticəni buraya göndərəcəyik.
status-closed = 🗂 Bizə göndərdiyiniz posta baxdıq (müraciət <b>#{ $id }</b>): orada yoxlanıla bilən iddia yoxdur, buna görə nəticə olmayacaq. Göndərdiyiniz üçün təşəkkür edirik, sizi narahat edən postları göndərməyə davam edin.
status-still_working = ⏳ Bizə göndərdiyiniz post (müraciət <b>#{ $id }</b>) hələ yoxlanılır. Yoxlama vaxt aparır, biz onu unutmamışıq.
desk-notice-correction = ✏️ Düzəliş: sizə göndərdiyimiz yoxlama yeniləndi.
desk-stats =
    <b>Botun göstəriciləri</b>
    Alınan müraciətlər: { $received }
    Avtomatik cavab: { $auto }
    Dillər üzrə açıq müraciətlər: { $queue }
    İlk müraciətdən hökmə qədər median, dəqiqə: { $median }
    Xəbərdar edilən oxucular: { $notified }
desk-stats-health = Uğursuz kimi saxlanılan yeniləmələr: { $failed } (siyahı: <code>tipline inbox failed</code>). Çatıb-çatmadığı bilinməyən mesajlar: { $unknown }.
desk-stats-feedback = Oxucuların qiymətləri
desk-stats-feedback-line = { $name }: { $count } (👍 { $up }, 👎 { $down })
desk-stats-status = Göndərilən status mesajları: «yoxlanılır» { $taken }, bağlandı { $closed }, «hələ yoxlayırıq» { $still }
desk-stats-returning = 30 gün ərzində qayıdan oxucular: { $share } (30 və daha çox gün əvvəl ilk dəfə yazan { $readers } oxucudan { $returned })
admin-granted = { $user } istifadəçi artıq: { $role }.
admin-revoked = { $user } istifadəçinin artıq rolu yoxdur (idi: { $role }).
admin-no-role = { $user } istifadəçinin rolu yoxdur.
admin-usage = İstifadə: /grant user_id checker və ya /grant user_id editor, /revoke user_id; ya da şəxsin mesajına /grant checker və ya /revoke ilə cavab verin.
admin-roles-title = <b>Rollar</b> (inzibatçılar ayarlarda göstərilir):
admin-roles-empty = Hələ faktçeker və redaktor yoxdur.
role-checker = faktçeker
role-editor = redaktor
role-admin = inzibatçı

## Subscriptions and broadcasts (readers get broadcasts in their language; editors see previews and progress)
subscribe-done = 🔔 Abunə oldunuz. Yeni faktçeklərimizi bu dildə göndərəcəyəm (/language dili dəyişir). /unsubscribe göndərişi dayandırır.
subscribe-already = Siz artıq abunəsiniz. /unsubscribe göndərişi dayandırır.
unsubscribe-done = 🔕 Abunəlikdən çıxdınız, daha faktçek mesajları gəlməyəcək. /subscribe onları qaytarır.
unsubscribe-not-subscribed = Siz abunə deyilsiniz. /subscribe yeni faktçeklərimizi göndərir.
broadcast-intro = { $count ->
        [one] 📢 Redaksiyamızın <b>yeni faktçeki</b>:
       *[other] 📢 Redaksiyamızın <b>yeni faktçekləri</b>:
    }
broadcast-usage = /broadcast əmrindən sonra birdən { $max } qədər hökm nömrəsi yazın, məsələn: <code>/broadcast t-ru-water 17</code>
broadcast-not-found = Bu nömrələrlə hökm yoxdur: { $refs }
broadcast-no-audience = Hələ heç kim abunə olmayıb, göndəriləcək adam yoxdur.
broadcast-preview = 👁 «{ $language }» dilində görünüşü, { $count } oxucu üçün:
broadcast-confirm = <b>#{ $id } göndərişi</b> { $total } abunəçiyə gedəcək ({ $languages }). Göndərilsin? Sonra geri almaq olmaz.
broadcast-send-button = 📣 { $total } nəfərə göndər
broadcast-cancel-button = Ləğv et
broadcast-cancelled = #{ $id } göndərişi ləğv edildi, heç nə göndərilmədi.
broadcast-already-started = #{ $id } göndərişi artıq qaralama deyil.
broadcast-not-allowed = Göndərişləri yalnız redaktorlar göndərə bilər.
broadcast-progress =
    📣 <b>#{ $id } göndərişi</b> göndərilir, cəmi { $total } oxucu.
    Göndərildi: { $sent }
    Növbədə: { $pending }
    Botu bloklayanlar: { $blocked }
    Xətalar: { $failed }
    Naməlum (çatmış ola bilər; təkrar göndərilmir): { $unknown }
broadcast-finished =
    ✅ <b>#{ $id } göndərişi</b> başa çatdı ({ $total } oxucu).
    Göndərildi: { $sent }
    Növbədə: { $pending }
    Botu bloklayanlar: { $blocked }
    Xətalar: { $failed }
    Naməlum (çatmış ola bilər; təkrar göndərilmir): { $unknown }
broadcast-stopped =
    ⏹ <b>#{ $id } göndərişi</b> ləğv edildi ({ $total } oxucu).
    Göndərildi: { $sent }
    Göndərilmədi: { $pending }
    Botu bloklayanlar: { $blocked }
    Xətalar: { $failed }
    Naməlum (çatmış ola bilər; təkrar göndərilmir): { $unknown }
cmd-subscribe = Yeni faktçeklərimizi almaq
cmd-unsubscribe = Faktçekləri almağı dayandırmaq

## Privacy (/mydata, /forget)
cmd-forget = Məlumatlarımı sil
cmd-mydata = Bot mənim haqqımda nə saxlayır
privacy-notice = 🔒 <b>Məxfilik</b>: sizə cavab vermək və nəticə çıxanda xəbər vermək üçün çatınızın id-sini, dilinizi, abunəliyinizi və göndərdiyiniz postları saxlayıram. Faktyoxlayıcılar postları görür, adınızı isə görmür. Sizinlə postlarınız arasındakı əlaqə bir neçə aydan sonra silinir. /mydata sizin haqqınızda nə saxladığımı göstərir, /forget onu silir.
forget-confirm = Sizin haqqınızda saxladığım hər şeyi silim: dilinizi, abunəliyinizi və sizinlə göndərdiyiniz müraciətlər arasındakı əlaqəni? Müraciətlərin özü adınız olmadan faktyoxlayıcılarda qalır. Bunu geri qaytarmaq olmaz.
forget-yes = Bəli, sil
forget-cancel = Ləğv et
forget-done = Hazırdır: sizin haqqınızda saxladığım hər şeyi sildim. Mənə yenidən yazsanız, çatınızın id-sini və dilinizi yenidən saxlayacağam.
forget-cancelled = Heç nə silinmədi.
forget-not-yours = Bu düymə sizin üçün deyil.
button-stale = Bu düymə artıq işləmir.
feedback-up = 👍 Faydalı
feedback-down = 👎 Kömək etmədi
feedback-thanks = Təşəkkür edirik, qeyd olundu.
feedback-sorry = Kömək etmədiyi üçün təəssüf edirik: qeyd olundu.
feedback-what-wrong = Bu cavabda nə səhvdir?
feedback-reason-another_claim = Başqa iddia haqqındadır
feedback-reason-wrong_verdict = Hökm səhvdir
feedback-reason-other = Başqa
feedback-offer-desk = Təşəkkür edirik. Mesajınızı faktçekerlərimizə göndərək?
feedback-send = Faktçekerlərə göndər
feedback-send-no = Xeyr, təşəkkürlər
feedback-noted = Təşəkkür edirik, qeyd olundu.
feedback-sent = Faktçekerlərimizə #{ $id } müraciət kimi göndərildi: sizə burada cavab verəcəyik. İstəsəniz, növbəti mesajınızda nəyin səhv olduğunu yazın, onlar bunu görəcək.
note-added = Təşəkkür edirik: faktçekerlər #{ $id } müraciətə qeydinizi görəcək.
explainer-card =
    📘 <b>{ $title }</b>
    { $text }
cmd-menu = İzahlar: gördüyünüzü necə yoxlamaq olar
menu-title = İzahlar: oxumaq üçün birinə toxunun.
menu-empty = Sizin dilinizdə hələ izah yoxdur.
explainer-for-tip = Göndərdiyiniz mesajı hələ yoxlayırıq (<b>#{ $id }</b> müraciət); o vaxta qədər bu kömək edə bilər.
desk-explain-usage = Karta <code>/explain KEY</code> ilə cavab verin və ya <code>/explain 17 KEY</code> göndərin: müraciətin oxucuları izahı bir dəfə alacaq, sonrakılar da.
desk-unknown-explainer = { $name } izahı yoxdur (<code>/explain</code> siyahını göstərir).
desk-explainer-attached = «{ $title }» izahı #{ $id } müraciətə əlavə olundu: { $count } oxucuya göndərildi.
desk-explainers-title = <b>İzahlar</b>
desk-explainers-empty = Hələ izah yoxdur: onları <code>tipline explainers import FILE</code> ilə yükləyin.
desk-card-explainer = 📘 İzah: { $name }
context-button = 📍 Harada gördüyünüzü əlavə edin
context-ask = Bunu harada gördünüz? Bir mesajda keçid, kanal və ya qrup adı, ya da bir neçə söz göndərin: faktçekerlər bunu #{ $id } müraciətdə görəcək.
desk-card-seen-at = 📍 Oxucunun gördüyü yer: { $text }
desk-card-disputed = ⚠️ Uyğunluq səhv ola bilər: hökm #{ $verdict } ({ $kind }, bal { $score }). Oxucu deyir: { $reason }
desk-card-note = 📝 Oxucu əlavə edir: { $text }
desk-answer-auto = avtomatik cavab
desk-answer-picked = oxucu seçib
desk-answer-desk = redaksiyanın cavabı
desk-answer-correction = düzəliş
mydata =
    <b>Sizin haqqınızda nə saxlayıram</b>
    Dil: { $language }
    Yeni faktyoxlamalara abunəlik: { $subscribed ->
        [yes] bəli
       *[no] xeyr
    }
    İlk əlaqə: { $first }
    Göndərdiyiniz mesajlar: { $count }
    Müraciətlərinizin nömrələri: { $ids }
    Qiymətləndirdiyiniz cavablar: { $rated }

    /forget bunların hamısını silir.

## Tərəfdaş redaksiyalar
card-checked-by = Yoxlayan: { $partner }, { $country }
card-checked-by-partner = Yoxlayan: { $partner }
desk-card-partner = bunu tərəfdaş yoxlayıb: { $partner }
trust-auto = oxuculara cavab verir
trust-suggest = seçim kimi təklif olunur
trust-off = yalnız axtarış
partners-title = <b>Tərəfdaş redaksiyalar</b>
partners-none = Hələ tərəfdaş redaksiya yoxdur. Onlar serverdə əlavə olunur: tipline partners add NAME, tipline partners follow NAME URL.
partners-line = <b>{ $partner }</b> · { $trust }
partners-reads = lentimizi oxuyur
partners-followed = hökmlər: { $verdicts } (geri götürülən: { $withdrawn }) · son sinxronlaşma: { $synced }
partners-never = hələ olmayıb
partners-errors = xətalar: { $errors }, buraxılan qeydlər: { $skipped }; sonuncu: { $error }
partners-trust-changed = { $partner }: { $trust }
partners-gone = Bu tərəfdaş artıq siyahıda yoxdur; /partners əmrini yenidən göndərin.
desk-card-rising = { $partner } tərəfdaşında yayılır: { $demand } oxucu
