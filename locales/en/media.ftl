## Pictures, videos and files (handlers/reader.py)

media-queued-photo =
    Thank you! I compared this picture with the ones our fact-checkers have already seen and found no verdict on it yet. Your tip <b>#{ $id }</b> went to our fact-checkers; I will message you here when there is a verdict.
media-queued-unchecked =
    Thank you! Nothing in this message can be checked automatically (there is no text or link I could compare), so your tip <b>#{ $id }</b> was queued for our fact-checkers. I will message you here when there is a verdict.

## /sources in the checkers' chat (handlers/checker.py)

desk-sources-usage = Send /sources 12 for the channels that spread verdict #12, /sources #17 (or reply to a card with /sources) for the cluster of tip #17, or /sources alone for the open tips.
desk-sources-verdict = Channels that spread verdict #{ $verdict }:
desk-sources-tip = Channels that spread tip #{ $id }:
desk-sources-open = Channels behind the open tips:
desk-sources-none = No forwards from channels yet.
desk-sources-posts = { $count ->
        [one] { $count } forward
       *[other] { $count } forwards
    }

## Albums, quotes and replies on the checkers' cards (bot/services/desk.py)

desk-card-quoted = Quoted from:
desk-card-album = [an album of { $count } files without a caption]
desk-card-unseen-post = [the reader asked about this channel post without quoting its text: open it from the link above]
desk-card-question = 💬 The reader's words: { $text }

## Pictures whose words are read (bot/services/ocr.py)
media-queued-reading =
    Thank you! Your tip <b>#{ $id }</b> went to our fact-checkers. I am still reading the words in your picture: if they match a verdict we have published, I will send it to you here.
desk-card-read = 🔎 Read from the picture ({ $confidence } confidence)
mydata-readings = Texts read from your pictures: { $count }
desk-find-usage = Send /find and words of a tip (its text, or the words read from its picture).
desk-find-none = No tip says “{ $words }”.
desk-find-title = <b>Tips that say “{ $words }”</b>, the newest first:

## Voice notes and videos transcribed (bot/services/transcription.py)
media-queued-voice =
    Thank you! Your voice message or video is tip <b>#{ $id }</b> for our fact-checkers. I will message you here when there is a verdict.
desk-card-transcript = 🎙 Transcript of the recording
desk-card-transcript-corrected = 🎙 Transcript, corrected by { $name }
desk-button-transcribe = 🎙 Transcribe
desk-transcribe-asked = Transcribing tip #{ $id }: its card will show the words.
desk-transcribe-long = This recording is too long to transcribe (over { $seconds } s).
desk-transcribe-nothing = Tip #{ $id } has no open voice note or video to transcribe.
desk-transcript-usage = Reply to a tip's card with <code>/transcript</code> and the corrected words.
desk-transcript-done = The transcript of tip #{ $id } is corrected.
desk-transcript-none = Tip #{ $id } has no transcript to correct (it is closed, or not transcribed yet).
