## Pictures, videos and files (handlers/reader.py)

media-queued-photo =
    Rahmat! Bu rasmni tekshiruvchilarimiz ilgari ko‘rgan rasmlar bilan solishtirdim, hozircha u bo‘yicha xulosa topmadim. <b>#{ $id }</b> raqamli murojaatingiz tekshiruvchilarimizga yuborildi; xulosa chiqqanda shu yerga yozaman.
media-queued-unchecked =
    Rahmat! Bu xabarda avtomatik tekshirib bo‘ladigan hech narsa yo‘q (solishtirish uchun matn ham, havola ham yo‘q), shuning uchun <b>#{ $id }</b> raqamli murojaatingiz tekshiruvchilar navbatiga qo‘yildi. Xulosa chiqqanda shu yerga yozaman.

## /sources in the checkers' chat (handlers/checker.py)

desk-sources-usage = /sources 12 — #12 xulosani tarqatgan kanallar; /sources #17 (yoki kartochkaga /sources deb javob bering) — #17 murojaat klasterining kanallari; raqamsiz /sources — ochiq murojaatlarning kanallari.
desk-sources-verdict = #{ $verdict } xulosani tarqatgan kanallar:
desk-sources-tip = #{ $id } murojaatni tarqatgan kanallar:
desk-sources-open = Ochiq murojaatlar ortidagi kanallar:
desk-sources-none = Kanallardan hali hech narsa uzatilmagan.
desk-sources-posts = { $count ->
       *[other] { $count } marta uzatilgan
    }

## Faktcheklar kartochkalaridagi albomlar, iqtiboslar va javoblar (bot/services/desk.py)

desk-card-quoted = Iqtibos manbasi:
desk-card-album = [izohsiz { $count } ta fayldan iborat albom]
desk-card-unseen-post = [oʻquvchi bu kanal posti haqida uning matnini iqtibos qilmasdan soʻradi: uni yuqoridagi havola orqali oching]
desk-card-question = 💬 Oʻquvchining soʻzlari: { $text }

## Pictures whose words are read (bot/services/ocr.py)
media-queued-reading =
    Rahmat! <b>#{ $id }</b> signalingiz faktchekerlarimizga yuborildi. Rasmingizdagi matnni hali o‘qiyapman: u e’lon qilingan tekshiruvga mos kelsa, uni shu yerga yuboraman.
desk-card-read = 🔎 Rasmdan o‘qildi (ishonch { $confidence })
mydata-readings = Rasmlaringizdan o‘qilgan matnlar: { $count }
desk-find-usage = /find va murojaatdagi so‘zlarni yuboring (uning matnidan yoki rasmdan o‘qilgan matndan).
desk-find-none = «{ $words }» so‘zlari bor murojaat yo‘q.
desk-find-title = <b>«{ $words }» so‘zlari bor murojaatlar</b>, avval yangilari:

## Voice notes and videos transcribed (bot/services/transcription.py)
media-queued-voice =
    Rahmat! Ovozli xabaringiz yoki videongiz faktchekerlarimiz uchun <b>#{ $id }</b> murojaati bo‘ldi. Xulosa chiqqanda shu yerga yozaman.
desk-card-transcript = 🎙 Yozuv matni
desk-card-transcript-corrected = 🎙 Matn, tuzatgan: { $name }
desk-button-transcribe = 🎙 Matnga aylantirish
desk-transcribe-asked = #{ $id } murojaatini matnga aylantiryapman: so‘zlar uning kartasida chiqadi.
desk-transcribe-long = Yozuv matnga aylantirish uchun juda uzun ({ $seconds } soniyadan ortiq).
desk-transcribe-nothing = #{ $id } murojaatida matnga aylantiriladigan ochiq ovozli xabar yoki video yo‘q.
desk-transcript-usage = Murojaat kartasiga <code>/transcript</code> va tuzatilgan matn bilan javob bering.
desk-transcript-done = #{ $id } murojaatining matni tuzatildi.
desk-transcript-none = #{ $id } murojaatida tuzatiladigan matn yo‘q (u yopilgan yoki hali matnga aylantirilmagan).
