## Pictures, videos and files (handlers/reader.py)

media-queued-photo =
    Təşəkkür edirik! Bu şəkli faktyoxlayıcılarımızın artıq gördüyü şəkillərlə müqayisə etdim və hələ onunla bağlı nəticə tapmadım. <b>#{ $id }</b> nömrəli müraciətiniz faktyoxlayıcılarımıza göndərildi; nəticə hazır olanda sizə burada yazacağam.
media-queued-unchecked =
    Təşəkkür edirik! Bu mesajda avtomatik yoxlanıla bilən heç nə yoxdur (müqayisə üçün nə mətn, nə də keçid var), ona görə də <b>#{ $id }</b> nömrəli müraciətiniz faktyoxlayıcıların növbəsinə qoyuldu. Nəticə hazır olanda sizə burada yazacağam.

## /sources in the checkers' chat (handlers/checker.py)

desk-sources-usage = /sources 12 — #12 nəticəsini yayan kanallar; /sources #17 (və ya kartaya /sources ilə cavab verin) — #17 müraciət klasterinin kanalları; nömrəsiz /sources — açıq müraciətlərin kanalları.
desk-sources-verdict = #{ $verdict } nəticəsini yayan kanallar:
desk-sources-tip = #{ $id } müraciətini yayan kanallar:
desk-sources-open = Açıq müraciətlərin arxasındakı kanallar:
desk-sources-none = Kanallardan hələ heç nə yönləndirilməyib.
desk-sources-posts = { $count ->
       *[other] { $count } yönləndirmə
    }

## Faktyoxlayıcıların kartlarında albomlar, sitatlar və cavablar (bot/services/desk.py)

desk-card-quoted = Sitat mənbəyi:
desk-card-album = [{ $count } fayldan ibarət başlıqsız albom]
desk-card-unseen-post = [oxucu bu kanal paylaşımı haqqında mətnini sitat gətirmədən soruşdu: onu yuxarıdakı keçiddən açın]
desk-card-question = 💬 Oxucunun sözləri: { $text }

## Pictures whose words are read (bot/services/ocr.py)
media-queued-reading =
    Təşəkkürlər! <b>#{ $id }</b> siqnalınız faktçekerlərimizə göndərildi. Şəklinizdəki mətni hələ oxuyuram: dərc etdiyimiz yoxlamaya uyğun gəlsə, onu bura göndərəcəyəm.
desk-card-read = 🔎 Şəkildən oxundu (etibarlılıq { $confidence })
mydata-readings = Şəkillərinizdən oxunan mətnlər: { $count }
desk-find-usage = /find və müraciətin sözlərini göndərin (mətnindən və ya şəkildən oxunan mətndən).
desk-find-none = “{ $words }” olan müraciət yoxdur.
desk-find-title = <b>“{ $words }” olan müraciətlər</b>, əvvəlcə yeniləri:

## Voice notes and videos transcribed (bot/services/transcription.py)
media-queued-voice =
    Təşəkkürlər! Səsli mesajınız və ya videonuz faktçekerlərimiz üçün <b>#{ $id }</b> müraciəti oldu. Nəticə olanda sizə burada yazacağam.
desk-card-transcript = 🎙 Yazının mətni
desk-card-transcript-corrected = 🎙 Mətn, düzəldən: { $name }
desk-button-transcribe = 🎙 Mətnə çevir
desk-transcribe-asked = #{ $id } müraciətini mətnə çevirirəm: sözlər onun kartında görünəcək.
desk-transcribe-long = Yazı mətnə çevirmək üçün çox uzundur ({ $seconds } saniyədən çox).
desk-transcribe-nothing = #{ $id } müraciətində mətnə çevriləcək açıq səsli mesaj və ya video yoxdur.
desk-transcript-usage = Müraciətin kartına <code>/transcript</code> və düzəldilmiş mətnlə cavab verin.
desk-transcript-done = #{ $id } müraciətinin mətni düzəldildi.
desk-transcript-none = #{ $id } müraciətində düzəldiləcək mətn yoxdur (bağlıdır və ya hələ mətnə çevrilməyib).
