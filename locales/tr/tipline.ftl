# tipline: Turkish. Every message here must exist in every locale (tests/test_locales.py).

## Commands menu
cmd-start = Başlat ve dil seç
cmd-help = Ne gönderebileceğinizi ve nasıl çalıştığını öğrenin
cmd-language = Dili değiştir

## Greeting and help
start-greeting =
    👋 Merhaba { $name }! Burası { $newsroom } doğruluk kontrolü ekibinin ihbar hattı.

    Şüpheli bir gönderiyi bana iletin ya da metnini veya bağlantısını yapıştırın. Yayımlanmış bir doğruluk kontrolü arar ve birkaç saniye içinde yanıt veririm. Henüz kontrol etmediysek ekibimiz inceler, ben de size haber veririm.
start-choose-language = Dili buradan ya da daha sonra /language komutuyla değiştirebilirsiniz:
help =
    <b>Bu ihbar hattı nasıl kullanılır?</b>

    • Bir kanaldan ya da sohbetten gönderiyi iletin veya metnini yapıştırın.
    • Bağlantı ya da açıklamalı bir fotoğraf veya video da olur.
    • Yayımlanmış bir kararımız varsa onu gönderirim.
    • İddiayı henüz kontrol etmediysek doğruluk kontrolü ekibimizin sırasına alınır ve size bir ihbar numarası verilir. Karar çıktığında size yazarım.

    Komutlar: /language dili değiştirir, /help bu mesajı gösterir.
language-choose = Dilinizi seçin:
language-set = Tamamdır! Bundan sonra sizinle Türkçe konuşacağım.

## Answers to a forwarded post
card-intro = Bu iddiayı daha önce kontrol ettik:
card-claim = <b>İddia:</b> { $claim }
card-read-more = Doğruluk kontrolünün tamamını okuyun
card-published = { $publisher }, { $date }
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
queued-media =
    Teşekkürler! Fotoğraf ve videoları henüz otomatik olarak kontrol edemiyorum, bu yüzden <b>#{ $id }</b> numaralı ihbarınız doğruluk kontrolü ekibimize iletildi. Karar çıktığında size buradan yazacağım.
already-received = Bu mesaj bende zaten var (<b>#{ $id }</b> numaralı ihbar). Karar çıktığında size yazacağım.

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
