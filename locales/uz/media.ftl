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
