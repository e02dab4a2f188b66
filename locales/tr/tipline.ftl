# tipline: Turkish. Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Başlat ve dil seç
cmd-help = Ne gönderebileceğinizi ve nasıl çalıştığını öğrenin
cmd-language = Dili değiştir

## Greeting and help
start-greeting =
    👋 Merhaba { $name }! Burası { $newsroom } doğruluk kontrolü ekibinin ihbar hattı.

    Şüpheli bir gönderiyi bana iletin ya da metnini veya bağlantısını yapıştırın. Yayımlanmış bir doğruluk kontrolü arar ve birkaç saniye içinde yanıt veririm. Henüz kontrol etmediysek ekibimiz inceler, ben de size haber veririm.

    { privacy-notice }
start-choose-language = Dili buradan ya da daha sonra /language komutuyla değiştirebilirsiniz:
help =
    <b>Bu ihbar hattı nasıl kullanılır?</b>

    • Bir kanaldan ya da sohbetten gönderiyi iletin veya metnini yapıştırın.
    • Bağlantı ya da açıklamalı bir fotoğraf veya video da olur.
    • Yayımlanmış bir kararımız varsa onu gönderirim.
    • İddiayı henüz kontrol etmediysek doğruluk kontrolü ekibimizin sırasına alınır ve size bir ihbar numarası verilir. Karar çıktığında size yazarım.

    Komutlar: /language dili değiştirir, /help bu mesajı gösterir.
    /subscribe yeni doğrulamalarımızı almanızı sağlar, /unsubscribe aboneliği bitirir.

    { privacy-notice }
language-choose = Dilinizi seçin:
language-set = Tamamdır! Bundan sonra sizinle Türkçe konuşacağım.

## Answers to a forwarded post
card-intro = Bu iddiayı daha önce kontrol ettik:
card-claim = <b>İddia:</b> { $claim }
card-read-more = Doğruluk kontrolünün tamamını okuyun
rating-false = ❌ Yanlış
rating-misleading = ⚠️ Yanıltıcı
rating-partly_false = 🟠 Kısmen yanlış
rating-missing_context = 🔍 Bağlam eksik
rating-unproven = ❓ Kanıtlanmadı
rating-satire = 🎭 Hiciv
rating-true = ✅ Doğru
rating-none = ℹ️ Doğruluk kontrolü
choose-intro = Bu gönderiyle ilgili olabilecek yayımlanmış doğruluk kontrolleri buldum. Bunlardan biri mi?
choose-none = Hiçbiri değil
choice-expired = Bu soru artık geçerli değil. Lütfen gönderiyi yeniden gönderin.
queued =
    Teşekkürler! Bu konuda henüz yayımlanmış bir doğruluk kontrolümüz yok.
    <b>#{ $id }</b> numaralı ihbarınız doğruluk kontrolü ekibimizin sırasına alındı. Karar çıktığında size buradan yazacağım.

## Things the bot cannot check
nothing-to-check = Bu mesajda kontrol edilecek bir şey bulamadım. Lütfen gönderinin metnini, bağlantısını ya da açıklamalı bir fotoğraf gönderin.
unsupported-content =
    { $kind ->
        [sticker] Çıkartmaları kontrol edemiyorum.
        [voice] Sesli mesajları ve ses kayıtlarını kontrol edemiyorum.
        [poll] Anketleri kontrol edemiyorum.
        [location] Konumları kontrol edemiyorum.
        [contact] Kişi kartlarını kontrol edemiyorum.
       *[other] Bu tür mesajları kontrol edemiyorum.
    } Lütfen gönderinin metnini, bağlantısını ya da açıklamalı bir fotoğraf veya video gönderin.
unknown-command = Bu komutu bilmiyorum. Neler yapabildiğimi /help gösterir.
error-generic = Üzgünüz, bizim tarafımızda bir sorun oluştu. Mesajınız kaydedildi; lütfen bir dakika sonra tekrar deneyin.

## Checker desk (the checkers' chat; cards use the default language, replies the checker's)
desk-card-title = 📝 <b>İhbar #{ $id }</b> · { $demand ->
       *[other] { $demand } okur
    }
desk-card-language = Dil: { $lang }
desk-card-origin = Nereden iletildi:
desk-card-seen = İlk kez { $first } · son kez { $last }
desk-card-assignee = 👤 Üstlenen: { $name }
desk-card-media = [{ $kind }, açıklamasız]
desk-card-nearest = En yakın kararlar:
desk-card-no-nearest = Bilgi tabanında benzer karar yok.
desk-card-answered = ✅ Yanıt: karar #{ $verdict }
desk-card-rejected = 🚫 Reddedildi: { $reason }
desk-action = { $action ->
        [take] ihbarı üstlendi
        [link] karara bağladı
        [publish] yeni karar yayımladı
        [reject] ihbarı reddetti
        [correct] kararı düzeltti
        [grant] rol verdi
        [revoke] rolü geri aldı
        [transcript] metni düzeltti
       *[other] { $action }
    }
desk-reason-spam = spam veya reklam
desk-reason-uncheckable = doğrulanamaz
desk-reason-duplicate = yinelenen
desk-button-take = ✋ Üstlen
desk-button-link = 🔗 Karara bağla
desk-button-new = ✍️ Yeni karar
desk-button-reject = 🚫 Reddet
desk-button-correct = ✏️ Kararı düzelt
desk-button-history = 📜 Geçmiş
desk-button-open = Aç #{ $id }
desk-button-confirm = ✅ Onayla
desk-button-cancel = Vazgeç
desk-button-publish = 📣 Yayımla
desk-button-keep = Olduğu gibi bırak
desk-queue-title = <b>Açık ihbarlar</b>, en çok sorulanlar önce:
desk-queue-line = #{ $id } · { $demand ->
       *[other] { $demand } okur
    } · { $lang } · { $text }
desk-queue-empty = Kuyruk boş.
desk-taken = #{ $id } numaralı ihbar artık sizde.
desk-not-open = #{ $id } numaralı ihbar artık açık değil.
desk-link-prompt = #{ $id } numaralı ihbar: bilgi tabanında aramak için kelimeler gönderin ya da bu kararlardan birini seçin. /cancel ile durdurun.
desk-link-results = #{ $id } numaralı ihbar için kararı seçin:
desk-link-nothing = Hiçbir şey bulunamadı. Başka kelimeler deneyin ya da /cancel.
desk-link-confirm = #{ $id } numaralı ihbar #{ $verdict } «{ $claim }» kararına bağlansın mı? Karar hemen { $readers ->
       *[other] { $readers } okura
    } gider ve geri alınamaz.
desk-linked = #{ $id } numaralı ihbar #{ $verdict } numaralı kararla yanıtlandı; bilgilendirilen okurlar: { $notified }.
desk-reject-ask = #{ $id } numaralı ihbar neden reddedilsin?
desk-reject-confirm = #{ $id } numaralı ihbar «{ $reason }» olarak reddedilsin mi? Bu geri alınamaz.
desk-rejected = #{ $id } numaralı ihbar reddedildi: { $reason }.
desk-cancelled = Vazgeçildi.
desk-draft-rating = #{ $id } numaralı ihbar için yeni karar. Adım 1/5: değerlendirmeyi seçin.
desk-draft-correct = #{ $verdict } numaralı kararın düzeltilmesi. Adım 1/5: değerlendirmeyi seçin (şu an: { $rating }).
desk-draft-buttons-only = Lütfen düğmeleri kullanın ya da /cancel.
desk-draft-claim = Adım 2/5: iddiayı okurların göreceği biçimde gönderin.
desk-draft-summary = Adım 3/5: açıklamayı gönderin.
desk-draft-url = Adım 4/5: makalenin bağlantısını gönderin (http:// veya https://).
desk-draft-bad-url = Bu, http:// veya https:// ile başlayan bir bağlantı değil. Makale bağlantısını yeniden gönderin.
desk-draft-lang = Adım 5/5: kararın dili. Algılanan: { $lang }. Onaylayın ya da başka birini seçin.
desk-draft-language = Dil: { $lang }
desk-draft-confirm = Kararı kontrol edin. Yayımlamak onu soran tüm okurlara gönderir ve geri alınamaz.
desk-draft-expired = Bu diyalog artık açık değil.
desk-published = #{ $id } numaralı ihbar için #{ $verdict } numaralı karar yayımlandı; bilgilendirilen okurlar: { $notified }.
desk-corrected = #{ $verdict } numaralı karar düzeltildi; düzeltmeyi alan okurlar: { $notified }.
desk-unchanged = #{ $verdict } numaralı kararda hiçbir şey değişmedi.
desk-history-title = <b>#{ $id } numaralı ihbarın geçmişi</b>
desk-history-empty = #{ $id } numaralı ihbar için henüz kayıtlı işlem yok.
desk-history-usage = İhbarın kartına /history ile yanıt verin ya da /history ve ihbar numarasını gönderin.
desk-correct-usage = /correct ve karar numarasını gönderin, örneğin /correct 12.
desk-unknown-verdict = #{ $verdict } numaralı karar yok.
desk-unknown-tip = #{ $id } numaralı ihbar yok.
desk-denied = Bu işlem için rolünüz yok. Bir yönetici /grant ile verebilir.
desk-dialog-revoked = Artık doğrulayıcı değilsiniz, bu yüzden bu iletişim sona erdi: hiçbir şey yayımlanmadı ya da değiştirilmedi.
desk-notice-verdict = 📬 Doğruluk kontrolcülerimiz bize gönderdiğiniz gönderiyi inceledi (ihbar <b>#{ $id }</b>):
status-taken = 🔎 Bir doğruluk kontrolcüsü bize gönderdiğiniz gönderiyi incelemeye başladı (ihbar <b>#{ $id }</b>). Sonucu buraya göndereceğiz.
status-closed = 🗂 Bize gönderdiğiniz gönderiye baktık (ihbar <b>#{ $id }</b>): doğrulanabilecek bir iddia içermiyor, bu yüzden bir sonuç gelmeyecek. Gönderdiğiniz için teşekkürler; sizi endişelendiren gönderileri iletmeye devam edin.
status-still_working = ⏳ Bize gönderdiğiniz gönderi (ihbar <b>#{ $id }</b>) hâlâ inceleniyor. Doğrulama zaman alıyor; onu unutmadık.
desk-notice-correction = ✏️ Düzeltme: size gönderdiğimiz doğrulama güncellendi.
desk-stats =
    <b>Botun göstergeleri</b>
    Alınan ihbarlar: { $received }
    Otomatik yanıtlanan: { $auto }
    Dillere göre açık ihbarlar: { $queue }
    İlk ihbardan karara medyan süre, dakika: { $median }
    Bilgilendirilen okurlar: { $notified }
desk-stats-health = Başarısız olarak saklanan güncellemeler: { $failed } (liste: <code>tipline inbox failed</code>). Ulaşıp ulaşmadığı bilinmeyen mesajlar: { $unknown }.
desk-stats-feedback = Okur değerlendirmeleri
desk-stats-feedback-line = { $name }: { $count } (👍 { $up }, 👎 { $down })
desk-stats-status = Gönderilen durum mesajları: "inceleniyor" { $taken }, kapatıldı { $closed }, "hâlâ inceliyoruz" { $still }
desk-stats-returning = 30 gün içinde geri dönen okurlar: { $share } (30 gün veya daha önce ilk kez yazan { $readers } okurdan { $returned })
admin-granted = { $user } kullanıcısı artık: { $role }.
admin-revoked = { $user } kullanıcısının artık rolü yok (önceki: { $role }).
admin-no-role = { $user } kullanıcısının rolü yok.
admin-usage = Kullanım: /grant user_id checker veya /grant user_id editor, /revoke user_id; ya da kişinin mesajına /grant checker veya /revoke ile yanıt verin.
admin-roles-title = <b>Roller</b> (yöneticiler ayarlardan gelir):
admin-roles-empty = Henüz doğrulayıcı ya da editör yok.
role-checker = doğrulayıcı
role-editor = editör
role-admin = yönetici

## Subscriptions and broadcasts (readers get broadcasts in their language; editors see previews and progress)
subscribe-done = 🔔 Abone oldunuz. Yeni doğruluk kontrollerimizi bu dilde göndereceğim (/language dili değiştirir). /unsubscribe gönderimleri durdurur.
subscribe-already = Zaten abonesiniz. /unsubscribe gönderimleri durdurur.
unsubscribe-done = 🔕 Abonelikten çıktınız, artık doğruluk kontrolü mesajı gelmeyecek. /subscribe onları geri getirir.
unsubscribe-not-subscribed = Abone değilsiniz. /subscribe yeni doğruluk kontrollerimizi gönderir.
broadcast-intro = { $count ->
        [one] 📢 Yayın ekibimizden <b>yeni doğruluk kontrolü</b>:
       *[other] 📢 Yayın ekibimizden <b>yeni doğruluk kontrolleri</b>:
    }
broadcast-usage = /broadcast komutundan sonra birden { $max } taneye kadar karar numarası yazın, örneğin: <code>/broadcast t-ru-water 17</code>
broadcast-not-found = Bu numaralarla karar yok: { $refs }
broadcast-no-audience = Henüz kimse abone olmadı, gönderilecek kimse yok.
broadcast-preview = 👁 «{ $language }» dilinde önizleme, { $count } okur için:
broadcast-confirm = <b>#{ $id } numaralı duyuru</b> { $total } aboneye gidecek ({ $languages }). Gönderilsin mi? Sonra geri alınamaz.
broadcast-send-button = 📣 { $total } kişiye gönder
broadcast-cancel-button = İptal
broadcast-cancelled = #{ $id } numaralı duyuru iptal edildi, hiçbir şey gönderilmedi.
broadcast-already-started = #{ $id } numaralı duyuru artık taslak değil.
broadcast-not-allowed = Duyuruları yalnızca editörler gönderebilir.
broadcast-progress =
    📣 <b>#{ $id } numaralı duyuru</b> gönderiliyor, toplam { $total } okur.
    Gönderildi: { $sent }
    Sırada: { $pending }
    Botu engelleyenler: { $blocked }
    Hatalar: { $failed }
    Bilinmiyor (ulaşmış olabilir; yeniden gönderilmez): { $unknown }
broadcast-finished =
    ✅ <b>#{ $id } numaralı duyuru</b> tamamlandı ({ $total } okur).
    Gönderildi: { $sent }
    Sırada: { $pending }
    Botu engelleyenler: { $blocked }
    Hatalar: { $failed }
    Bilinmiyor (ulaşmış olabilir; yeniden gönderilmez): { $unknown }
broadcast-stopped =
    ⏹ <b>#{ $id } numaralı duyuru</b> iptal edildi ({ $total } okur).
    Gönderildi: { $sent }
    Gönderilmedi: { $pending }
    Botu engelleyenler: { $blocked }
    Hatalar: { $failed }
    Bilinmiyor (ulaşmış olabilir; yeniden gönderilmez): { $unknown }
cmd-subscribe = Yeni doğruluk kontrollerimizi al
cmd-unsubscribe = Doğruluk kontrollerini almayı durdur

## Privacy (/mydata, /forget)
cmd-forget = Hakkımda saklananları sil
cmd-mydata = Bot hakkımda ne saklıyor
privacy-notice = 🔒 <b>Gizlilik</b>: size yanıt verebilmek ve karar çıktığında haber verebilmek için sohbet kimliğinizi, dilinizi, aboneliğinizi ve gönderdiğiniz paylaşımları saklıyorum. Doğruluk kontrolü ekibi paylaşımları görür, adınızı görmez. Sizinle paylaşımlarınız arasındaki bağlantı birkaç ay sonra silinir. /mydata hakkınızda ne sakladığımı gösterir, /forget bunları siler.
forget-confirm = Hakkınızda sakladığım her şeyi sileyim mi: diliniz, aboneliğiniz ve sizinle gönderdiğiniz ihbarlar arasındaki bağlantı? İhbarların kendisi adınız olmadan ekibimizde kalır. Bu geri alınamaz.
forget-yes = Evet, sil
forget-cancel = Vazgeç
forget-done = Tamam: hakkınızda sakladığım her şeyi sildim. Bana yeniden yazarsanız sohbet kimliğinizi ve dilinizi yeniden saklarım.
forget-cancelled = Hiçbir şey silinmedi.
forget-not-yours = Bu düğme sizin için değil.
button-stale = Bu düğme artık çalışmıyor.
feedback-up = 👍 Faydalı
feedback-down = 👎 İşe yaramadı
feedback-thanks = Teşekkürler, not edildi.
feedback-sorry = İşe yaramadığı için üzgünüz: not edildi.
feedback-what-wrong = Bu cevapta yanlış olan ne?
feedback-reason-another_claim = Başka bir iddiayla ilgili
feedback-reason-wrong_verdict = Karar yanlış
feedback-reason-other = Başka bir şey
feedback-offer-desk = Teşekkürler. Mesajınızı doğruluk kontrolü ekibimize gönderelim mi?
feedback-send = Doğruluk kontrolcülerine gönder
feedback-send-no = Hayır, teşekkürler
feedback-noted = Teşekkürler, not edildi.
feedback-sent = Doğruluk kontrolcülerimize #{ $id } numaralı ihbar olarak gönderildi: size buradan cevap vereceğiz. İsterseniz bir sonraki mesajınızda neyin yanlış olduğunu yazın, onlar görecek.
note-added = Teşekkürler: doğruluk kontrolcüleri #{ $id } numaralı ihbara eklediğiniz notu görecek.
explainer-card =
    📘 <b>{ $title }</b>
    { $text }
cmd-menu = Açıklayıcılar: gördüğünüzü nasıl kontrol edersiniz
menu-title = Açıklayıcılar: okumak için birine dokunun.
menu-empty = Dilinizde henüz açıklayıcı yok.
explainer-for-tip = Gönderdiğiniz mesajı hâlâ inceliyoruz (<b>#{ $id }</b> numaralı ihbar); bu arada bu yardımcı olabilir.
desk-explain-usage = Bir karta <code>/explain KEY</code> ile yanıt verin ya da <code>/explain 17 KEY</code> gönderin: ihbarın okurları açıklayıcıyı birer kez alır, sonrakiler de alır.
desk-unknown-explainer = { $name } adlı açıklayıcı yok (<code>/explain</code> listeyi gösterir).
desk-explainer-attached = "{ $title }" açıklayıcısı #{ $id } numaralı ihbara eklendi: { $count } okura gönderildi.
desk-explainers-title = <b>Açıklayıcılar</b>
desk-explainers-empty = Henüz açıklayıcı yok: <code>tipline explainers import FILE</code> ile yükleyin.
desk-card-explainer = 📘 Açıklayıcı: { $name }
context-button = 📍 Nerede gördüğünüzü ekleyin
context-ask = Bunu nerede gördünüz? Tek bir mesajda bir bağlantı, kanal veya grup adı ya da birkaç kelime gönderin: doğruluk kontrolcüleri bunu #{ $id } numaralı ihbarda görecek.
desk-card-seen-at = 📍 Okurun gördüğü yer: { $text }
desk-card-disputed = ⚠️ Eşleşme yanlış olabilir: karar #{ $verdict } ({ $kind }, puan { $score }). Okur diyor ki: { $reason }
desk-card-note = 📝 Okur ekliyor: { $text }
desk-answer-auto = otomatik cevap
desk-answer-picked = okur seçti
desk-answer-desk = masanın cevabı
desk-answer-correction = düzeltme
mydata =
    <b>Hakkınızda ne saklıyorum</b>
    Dil: { $language }
    Yeni doğruluk kontrollerine abonelik: { $subscribed ->
        [yes] evet
       *[no] hayır
    }
    İlk temas: { $first }
    Gönderdiğiniz mesajlar: { $count }
    İhbarlarınızın numaraları: { $ids }
    Değerlendirdiğiniz yanıtlar: { $rated }

    /forget bunların hepsini siler.

## Ortak yayın kuruluşları
card-checked-by = Doğrulayan: { $partner }, { $country }
card-checked-by-partner = Doğrulayan: { $partner }
desk-card-partner = bunu bir ortak doğruladı: { $partner }
trust-auto = okurlara yanıt verir
trust-suggest = seçenek olarak sunulur
trust-off = yalnızca arama
partners-title = <b>Ortak yayın kuruluşları</b>
partners-none = Henüz ortak yayın kuruluşu yok. Sunucuda eklenir: tipline partners add NAME, tipline partners follow NAME URL.
partners-line = <b>{ $partner }</b> · { $trust }
partners-reads = akışımızı okuyor
partners-followed = kararlar: { $verdicts } (geri çekilen: { $withdrawn }) · son eşitleme: { $synced }
partners-never = henüz yok
partners-errors = hatalar: { $errors }, atlanan kayıtlar: { $skipped }; son: { $error }
partners-trust-changed = { $partner }: { $trust }
partners-gone = Bu ortak artık listede değil; /partners komutunu yeniden gönderin.
desk-card-rising = { $partner } ortağında yayılıyor: { $demand } okur
