# tipline: English. Every message here must exist in every locale (tests/test_locales.py).
# ready-for-translation

## Commands menu
cmd-start = Start and choose a language
cmd-help = What to send and how it works
cmd-language = Change the language

## Greeting and help
start-greeting =
    👋 Hello, { $name }! This is the fact-checking tip-line of { $newsroom }.

    Forward me a suspicious post, or paste its text or a link. I will look for a published fact-check and answer in seconds. If we have not checked it yet, our fact-checkers will, and I will let you know.
start-choose-language = You can change the language here or later with /language:
help =
    <b>How to use this tip-line</b>

    • Forward a post from a channel or chat, or paste its text.
    • A link, or a photo or video with a caption, works too.
    • I answer with our published verdict when we have one.
    • If we have not checked the claim yet, it is queued for our fact-checkers and you get a reference number. I will message you when a verdict is out.

    Commands: /language to change the language, /help for this message.
language-choose = Choose your language:
language-set = Done! I will speak English with you from now on.

## Answers to a forwarded post
card-intro = We have fact-checked this claim:
card-claim = <b>Claim:</b> { $claim }
card-read-more = Read the full fact-check
card-published = { $publisher }, { $date }
rating-false = ❌ False
rating-misleading = ⚠️ Misleading
rating-partly_false = 🟠 Partly false
rating-missing_context = 🔍 Missing context
rating-unproven = ❓ Unproven
rating-satire = 🎭 Satire
rating-true = ✅ True
rating-none = ℹ️ Fact-check
choose-intro = I found published fact-checks that may be about this post. Is it one of these?
choose-none = None of these
choice-expired = This question is no longer open. Please send the post again.
queued =
    Thank you! We have no published fact-check on this yet.
    Your tip <b>#{ $id }</b> is now in the queue of our fact-checkers. I will message you here when there is a verdict.
queued-media =
    Thank you! I cannot check pictures or videos automatically yet, so your tip <b>#{ $id }</b> went to our fact-checkers. I will message you here when there is a verdict.
already-received = I already have this message (tip <b>#{ $id }</b>). I will message you when there is a verdict.

## Things the bot cannot check
nothing-to-check = I found nothing to check in this message. Please send the text of the post, a link, or a photo with a caption.
unsupported-content =
    { $kind ->
        [sticker] I cannot check stickers.
        [voice] I cannot check voice messages or audio.
        [poll] I cannot check polls.
        [location] I cannot check locations.
        [contact] I cannot check contacts.
       *[other] I cannot check this kind of message.
    } Please send the text of the post, a link, or a photo or video with a caption.
unknown-command = I do not know this command. /help shows what I can do.
error-generic = Sorry, something went wrong on our side. Your message is saved; please try again in a minute.
