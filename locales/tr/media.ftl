## Pictures, videos and files (handlers/reader.py)

media-queued-photo =
    Teşekkürler! Bu görseli doğruluk kontrolü ekibimizin daha önce gördüğü görsellerle karşılaştırdım ve henüz hakkında bir karar bulamadım. <b>#{ $id }</b> numaralı ihbarınız ekibimize iletildi; karar çıktığında size buradan yazacağım.
media-queued-unchecked =
    Teşekkürler! Bu mesajda otomatik olarak kontrol edilebilecek bir şey yok (karşılaştırabileceğim bir metin ya da bağlantı yok), bu yüzden <b>#{ $id }</b> numaralı ihbarınız doğruluk kontrolü ekibinin sırasına alındı. Karar çıktığında size buradan yazacağım.

## /sources in the checkers' chat (handlers/checker.py)

desk-sources-usage = /sources 12 — #12 numaralı kararı yayan kanallar; /sources #17 (ya da bir karta /sources ile yanıt verin) — #17 numaralı ihbarın kümesinin kanalları; numarasız /sources — açık ihbarların kanalları.
desk-sources-verdict = #{ $verdict } numaralı kararı yayan kanallar:
desk-sources-tip = #{ $id } numaralı ihbarı yayan kanallar:
desk-sources-open = Açık ihbarların arkasındaki kanallar:
desk-sources-none = Kanallardan henüz iletilen bir gönderi yok.
desk-sources-posts = { $count ->
        [one] { $count } iletim
       *[other] { $count } iletim
    }

## Doğruluk kontrolcülerinin kartlarında albümler, alıntılar ve yanıtlar (bot/services/desk.py)

desk-card-quoted = Alıntılandığı yer:
desk-card-album = [açıklamasız { $count } dosyalık albüm]
desk-card-unseen-post = [okur bu kanal gönderisini metnini alıntılamadan sordu: yukarıdaki bağlantıdan açın]
desk-card-question = 💬 Okurun sözleri: { $text }

## Pictures whose words are read (bot/services/ocr.py)
media-queued-reading =
    Teşekkürler! <b>#{ $id }</b> numaralı ihbarınız doğruluk kontrolü ekibimize iletildi. Resminizdeki yazıyı hâlâ okuyorum: yayımladığımız bir doğrulamayla eşleşirse onu buraya göndereceğim.
desk-card-read = 🔎 Resimden okundu (güven { $confidence })
mydata-readings = Resimlerinizden okunan metinler: { $count }
desk-find-usage = /find ve bir ihbarın sözcüklerini gönderin (metninden ya da resminden okunan yazıdan).
desk-find-none = “{ $words }” geçen ihbar yok.
desk-find-title = <b>“{ $words }” geçen ihbarlar</b>, en yeniler önce:

## Voice notes and videos transcribed (bot/services/transcription.py)
media-queued-voice =
    Teşekkürler! Sesli mesajınız ya da videonuz doğruluk kontrolü ekibimiz için <b>#{ $id }</b> numaralı ihbar oldu. Bir sonuç olduğunda size buradan yazacağım.
desk-card-transcript = 🎙 Kaydın metni
desk-card-transcript-corrected = 🎙 Metin, düzelten: { $name }
desk-button-transcribe = 🎙 Metne dök
desk-transcribe-asked = #{ $id } numaralı ihbar metne dökülüyor: sözler kartında görünecek.
desk-transcribe-long = Kayıt metne dökmek için çok uzun ({ $seconds } saniyeden fazla).
desk-transcribe-nothing = #{ $id } numaralı ihbarda metne dökülecek açık bir sesli mesaj ya da video yok.
desk-transcript-usage = İhbarın kartına <code>/transcript</code> ve düzeltilmiş metinle yanıt verin.
desk-transcript-done = #{ $id } numaralı ihbarın metni düzeltildi.
desk-transcript-none = #{ $id } numaralı ihbarda düzeltilecek metin yok (kapalı ya da henüz metne dökülmedi).
