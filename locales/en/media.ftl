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
