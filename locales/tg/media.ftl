## Pictures, videos and files (handlers/reader.py)

media-queued-photo =
    Ташаккур! Ман ин аксро бо аксҳое, ки фактчекерҳои мо аллакай дидаанд, муқоиса кардам ва ҳоло дар бораи он хулоса наёфтам. Муроҷиати шумо <b>#{ $id }</b> ба фактчекерҳои мо фиристода шуд; вақте ки хулоса омода шавад, дар ҳамин ҷо менависам.
media-queued-unchecked =
    Ташаккур! Дар ин паём чизе нест, ки худкор санҷида шавад (на матн ва на пайванд барои муқоиса), бинобар ин муроҷиати шумо <b>#{ $id }</b> ба навбати фактчекерҳо гузошта шуд. Вақте ки хулоса омода шавад, дар ҳамин ҷо менависам.

## /sources in the checkers' chat (handlers/checker.py)

desk-sources-usage = /sources 12 — каналҳое, ки хулосаи #12-ро паҳн кардаанд; /sources #17 (ё ба корт бо /sources ҷавоб диҳед) — каналҳои кластери муроҷиати #17; /sources бе рақам — каналҳои муроҷиатҳои кушода.
desk-sources-verdict = Каналҳое, ки хулосаи #{ $verdict }-ро паҳн кардаанд:
desk-sources-tip = Каналҳое, ки муроҷиати #{ $id }-ро паҳн кардаанд:
desk-sources-open = Каналҳои паси муроҷиатҳои кушода:
desk-sources-none = Ҳоло аз каналҳо ягон паём фиристода нашудааст.
desk-sources-posts = { $count ->
       *[other] { $count } бор фиристода шуд
    }

## Албомҳо, иқтибосҳо ва ҷавобҳо дар кортҳои фактчекерҳо (bot/services/desk.py)

desk-card-quoted = Иқтибос аз:
desk-card-album = [албоми { $count } файл бе тавзеҳ]
desk-card-unseen-post = [хонанда дар бораи ин паёми канал бе иқтибоси матни он пурсид: онро аз пайванди боло кушоед]
desk-card-question = 💬 Суханони хонанда: { $text }

## Pictures whose words are read (bot/services/ocr.py)
media-queued-reading =
    Ташаккур! Сигнали шумо <b>#{ $id }</b> ба фактчекерҳои мо фиристода шуд. Ман ҳоло матни расми шуморо мехонам: агар он ба санҷиши нашршуда мувофиқ ояд, онро ба ин ҷо мефиристам.
desk-card-read = 🔎 Аз расм хонда шуд (эътимод { $confidence })
mydata-readings = Матнҳое, ки аз расмҳои шумо хонда шуданд: { $count }
desk-find-usage = /find ва калимаҳои муроҷиатро фиристед (аз матни он ё матне, ки аз расм хонда шуд).
desk-find-none = Ягон муроҷиат «{ $words }»-ро надорад.
desk-find-title = <b>Муроҷиатҳо бо «{ $words }»</b>, аввал навтаринҳо:

## Voice notes and videos transcribed (bot/services/transcription.py)
media-queued-voice =
    Ташаккур! Паёми овозӣ ё видеои шумо барои фактчекерҳои мо муроҷиати <b>#{ $id }</b> шуд. Вақте ки хулоса бошад, ба шумо дар ин ҷо менависам.
desk-card-transcript = 🎙 Матни сабт
desk-card-transcript-corrected = 🎙 Матн, ислоҳкунанда: { $name }
desk-button-transcribe = 🎙 Ба матн табдил додан
desk-transcribe-asked = Муроҷиати #{ $id }-ро ба матн табдил медиҳам: калимаҳо дар корти он пайдо мешаванд.
desk-transcribe-long = Сабт барои табдил ба матн хеле дароз аст (зиёда аз { $seconds } с).
desk-transcribe-nothing = Муроҷиати #{ $id } паёми овозӣ ё видеои кушода барои табдил ба матн надорад.
desk-transcript-usage = Ба корти муроҷиат бо <code>/transcript</code> ва матни ислоҳшуда ҷавоб диҳед.
desk-transcript-done = Матни муроҷиати #{ $id } ислоҳ шуд.
desk-transcript-none = Муроҷиати #{ $id } матне барои ислоҳ надорад (он баста аст ё ҳанӯз ба матн табдил нашудааст).
