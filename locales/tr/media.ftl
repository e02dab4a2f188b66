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
