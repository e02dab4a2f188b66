## Pictures, videos and files (handlers/reader.py)

media-queued-photo =
    Спасибо! Я сравнил эту картинку с теми, что наши фактчекеры уже видели, и пока не нашёл по ней вердикта. Ваше обращение <b>#{ $id }</b> передано фактчекерам; я напишу вам здесь, когда будет вердикт.
media-queued-unchecked =
    Спасибо! В этом сообщении нет ничего, что можно проверить автоматически (ни текста, ни ссылки для сравнения), поэтому ваше обращение <b>#{ $id }</b> поставлено в очередь фактчекеров. Я напишу вам здесь, когда будет вердикт.

## /sources in the checkers' chat (handlers/checker.py)

desk-sources-usage = Отправьте /sources 12 — каналы, распространявшие вердикт #12; /sources #17 (или ответьте на карточку командой /sources) — каналы кластера обращения #17; /sources без номера — каналы открытых обращений.
desk-sources-verdict = Каналы, распространявшие вердикт #{ $verdict }:
desk-sources-tip = Каналы, распространявшие обращение #{ $id }:
desk-sources-open = Каналы открытых обращений:
desk-sources-none = Пересылок из каналов пока нет.
desk-sources-posts = { $count ->
        [one] { $count } пересылка
        [few] { $count } пересылки
       *[other] { $count } пересылок
    }

## Альбомы, цитаты и ответы на карточках фактчекеров (bot/services/desk.py)

desk-card-quoted = Цитата из:
desk-card-album = [альбом из { $count } файлов без подписи]
desk-card-unseen-post = [читатель спросил об этом посте канала, не процитировав его текст: откройте его по ссылке выше]
desk-card-question = 💬 Слова читателя: { $text }

## Pictures whose words are read (bot/services/ocr.py)
media-queued-reading =
    Спасибо! Ваш сигнал <b>#{ $id }</b> передан нашим фактчекерам. Я ещё читаю текст на вашей картинке: если он совпадёт с опубликованной проверкой, я пришлю её сюда.
desk-card-read = 🔎 Прочитано с картинки (уверенность { $confidence })
mydata-readings = Тексты, прочитанные с ваших картинок: { $count }
desk-find-usage = Пришлите /find и слова из обращения (его текста или текста, прочитанного с картинки).
desk-find-none = Ни одно обращение не содержит «{ $words }».
desk-find-title = <b>Обращения со словами «{ $words }»</b>, сначала новые:

## Voice notes and videos transcribed (bot/services/transcription.py)
media-queued-voice =
    Спасибо! Ваше голосовое сообщение или видео стало обращением <b>#{ $id }</b> для наших фактчекеров. Я напишу вам здесь, когда будет вердикт.
desk-card-transcript = 🎙 Расшифровка записи
desk-card-transcript-corrected = 🎙 Расшифровка, исправил(а) { $name }
desk-button-transcribe = 🎙 Расшифровать
desk-transcribe-asked = Расшифровываю обращение #{ $id }: слова появятся на его карточке.
desk-transcribe-long = Запись слишком длинная для расшифровки (больше { $seconds } с).
desk-transcribe-nothing = У обращения #{ $id } нет открытого голосового сообщения или видео для расшифровки.
desk-transcript-usage = Ответьте на карточку обращения командой <code>/transcript</code> и исправленным текстом.
desk-transcript-done = Расшифровка обращения #{ $id } исправлена.
desk-transcript-none = У обращения #{ $id } нет расшифровки для исправления (оно закрыто или ещё не расшифровано).
