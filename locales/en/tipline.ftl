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

    { privacy-notice }
start-choose-language = You can change the language here or later with /language:
help =
    <b>How to use this tip-line</b>

    • Forward a post from a channel or chat, or paste its text.
    • A link, or a photo or video with a caption, works too.
    • I answer with our published verdict when we have one.
    • If we have not checked the claim yet, it is queued for our fact-checkers and you get a reference number. I will message you when a verdict is out.

    Commands: /language to change the language, /help for this message.
    /subscribe to receive our new fact-checks, /unsubscribe to stop them.

    { privacy-notice }
language-choose = Choose your language:
language-set = Done! I will speak English with you from now on.

## Answers to a forwarded post
card-intro = We have fact-checked this claim:
card-claim = <b>Claim:</b> { $claim }
card-read-more = Read the full fact-check
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

## Checker desk (the checkers' chat; cards use the default language, replies the checker's)
desk-card-title = 📝 <b>Tip #{ $id }</b> · { $demand ->
        [one] { $demand } reader
       *[other] { $demand } readers
    }
desk-card-language = Language: { $lang }
desk-card-origin = Forwarded from:
desk-card-seen = First seen { $first } · last { $last }
desk-card-assignee = 👤 Taken by { $name }
desk-card-media = [{ $kind } without a caption]
desk-card-nearest = Nearest verdicts:
desk-card-no-nearest = No similar verdicts in the knowledge base.
desk-card-answered = ✅ Answered with verdict #{ $verdict }
desk-card-rejected = 🚫 Rejected: { $reason }
desk-action = { $action ->
        [take] took the tip
        [link] linked a verdict
        [publish] published a new verdict
        [reject] rejected the tip
        [correct] corrected the verdict
        [grant] granted a role
        [revoke] revoked a role
        [transcript] corrected the transcript
       *[other] { $action }
    }
desk-reason-spam = spam or advertising
desk-reason-uncheckable = not checkable
desk-reason-duplicate = duplicate
desk-button-take = ✋ Take
desk-button-link = 🔗 Link to a verdict
desk-button-new = ✍️ New verdict
desk-button-reject = 🚫 Reject
desk-button-correct = ✏️ Correct the verdict
desk-button-history = 📜 History
desk-button-open = Open #{ $id }
desk-button-confirm = ✅ Confirm
desk-button-cancel = Cancel
desk-button-publish = 📣 Publish
desk-button-keep = Keep as it is
desk-queue-title = <b>Open tips</b>, the most asked first:
desk-queue-line = #{ $id } · { $demand ->
        [one] { $demand } reader
       *[other] { $demand } readers
    } · { $lang } · { $text }
desk-queue-empty = The queue is empty.
desk-taken = Tip #{ $id } is yours.
desk-not-open = Tip #{ $id } is no longer open.
desk-link-prompt = Tip #{ $id }: send words to search the knowledge base, or pick one of these verdicts. /cancel stops.
desk-link-results = Pick the verdict for tip #{ $id }:
desk-link-nothing = Nothing found. Try other words, or /cancel.
desk-link-confirm = Link tip #{ $id } to verdict #{ $verdict } “{ $claim }”? It goes to { $readers ->
        [one] { $readers } reader
       *[other] { $readers } readers
    } at once and cannot be undone.
desk-linked = Tip #{ $id } is answered with verdict #{ $verdict }; readers notified: { $notified }.
desk-reject-ask = Why reject tip #{ $id }?
desk-reject-confirm = Reject tip #{ $id } as { $reason }? This cannot be undone.
desk-rejected = Tip #{ $id } rejected as { $reason }.
desk-cancelled = Cancelled.
desk-draft-rating = New verdict for tip #{ $id }. Step 1 of 5: choose the rating.
desk-draft-correct = Correcting verdict #{ $verdict }. Step 1 of 5: choose the rating (now: { $rating }).
desk-draft-buttons-only = Please use the buttons, or /cancel.
desk-draft-claim = Step 2 of 5: send the claim as readers should see it.
desk-draft-summary = Step 3 of 5: send the explanation.
desk-draft-url = Step 4 of 5: send the link to the article (http:// or https://).
desk-draft-bad-url = This is not a link that starts with http:// or https://. Send the article link again.
desk-draft-lang = Step 5 of 5: the language of the verdict. Detected: { $lang }. Confirm it or choose another.
desk-draft-language = Language: { $lang }
desk-draft-confirm = Check the verdict. Publishing sends it to every reader who asked and cannot be undone.
desk-draft-expired = This dialog is no longer open.
desk-published = Verdict #{ $verdict } published for tip #{ $id }; readers notified: { $notified }.
desk-corrected = Verdict #{ $verdict } corrected; readers who got a correction: { $notified }.
desk-unchanged = Nothing changed in verdict #{ $verdict }.
desk-history-title = <b>History of tip #{ $id }</b>
desk-history-empty = No actions recorded for tip #{ $id } yet.
desk-history-usage = Reply to a tip's card with /history, or send /history and the tip number.
desk-correct-usage = Send /correct and the verdict number, for example /correct 12.
desk-unknown-verdict = There is no verdict #{ $verdict }.
desk-unknown-tip = There is no tip #{ $id }.
desk-denied = You do not have the role for this. An admin can grant it with /grant.
desk-dialog-revoked = You are not a checker any more, so this dialog has ended: nothing was published or changed.
desk-notice-verdict = 📬 Our fact-checkers have checked the post you sent us (tip <b>#{ $id }</b>):
status-taken = 🔎 A fact-checker is now looking into the post you sent us (tip <b>#{ $id }</b>). We will send you the verdict here.
status-closed = 🗂 We looked at the post you sent us (tip <b>#{ $id }</b>): it holds no claim we can check, so no verdict will come. Thank you for sending it, and please keep forwarding posts that worry you.
status-still_working = ⏳ The post you sent us (tip <b>#{ $id }</b>) is still being checked. Checking takes time; we have not forgotten it.
desk-notice-correction = ✏️ Correction: a fact-check we sent you has been updated.
desk-stats =
    <b>Tip-line figures</b>
    Tips received: { $received }
    Answered automatically: { $auto }
    Open tips by language: { $queue }
    Median minutes from first tip to verdict: { $median }
    Readers notified: { $notified }
desk-stats-health = Updates kept as failed: { $failed } (list them with <code>tipline inbox failed</code>). Messages that may or may not have arrived: { $unknown }.
desk-stats-feedback = Readers' ratings
desk-stats-feedback-line = { $name }: { $count } (👍 { $up }, 👎 { $down })
desk-stats-status = Status messages sent: { $taken } "being checked", { $closed } closed, { $still } "still working"
desk-stats-returning = Readers who came back within 30 days: { $share } ({ $returned } of the { $readers } first seen 30 or more days ago)
admin-granted = User { $user } is now: { $role }.
admin-revoked = User { $user } no longer has a role (was: { $role }).
admin-no-role = User { $user } has no role.
admin-usage = Usage: /grant user_id checker or /grant user_id editor, /revoke user_id; or reply to the person's message with /grant checker or /revoke.
admin-roles-title = <b>Roles</b> (admins come from the settings):
admin-roles-empty = No checkers or editors yet.
role-checker = checker
role-editor = editor
role-admin = admin

## Subscriptions and broadcasts (readers get broadcasts in their language; editors see previews and progress)
subscribe-done = 🔔 You are subscribed. I will send you our new fact-checks in this language (/language changes it). /unsubscribe stops them.
subscribe-already = You are already subscribed. /unsubscribe stops the messages.
unsubscribe-done = 🔕 You are unsubscribed and will get no more fact-check messages. /subscribe brings them back.
unsubscribe-not-subscribed = You are not subscribed. /subscribe sends you our new fact-checks.
broadcast-intro = { $count ->
        [one] 📢 <b>New fact-check</b> from our newsroom:
       *[other] 📢 <b>New fact-checks</b> from our newsroom:
    }
broadcast-usage = Send /broadcast followed by one to { $max } verdict ids, for example: <code>/broadcast t-ru-water 17</code>
broadcast-not-found = No verdict with these ids: { $refs }
broadcast-no-audience = No reader is subscribed yet, so there is nobody to send to.
broadcast-preview = 👁 Preview in { $language }, for { $count ->
        [one] { $count } reader
       *[other] { $count } readers
    }:
broadcast-confirm = <b>Broadcast #{ $id }</b> goes to { $total ->
        [one] { $total } subscribed reader
       *[other] { $total } subscribed readers
    } ({ $languages }). Send it? It cannot be taken back.
broadcast-send-button = 📣 Send to { $total }
broadcast-cancel-button = Cancel
broadcast-cancelled = Broadcast #{ $id } cancelled; nothing was sent.
broadcast-already-started = Broadcast #{ $id } is no longer a draft.
broadcast-not-allowed = Only editors can send broadcasts.
broadcast-progress =
    📣 <b>Broadcast #{ $id }</b> is being sent to { $total } readers.
    Sent: { $sent }
    Pending: { $pending }
    Blocked the bot: { $blocked }
    Failed: { $failed }
    Unknown (may have arrived; not sent again): { $unknown }
broadcast-finished =
    ✅ <b>Broadcast #{ $id }</b> is done ({ $total } readers).
    Sent: { $sent }
    Pending: { $pending }
    Blocked the bot: { $blocked }
    Failed: { $failed }
    Unknown (may have arrived; not sent again): { $unknown }
broadcast-stopped =
    ⏹ <b>Broadcast #{ $id }</b> was cancelled ({ $total } readers).
    Sent: { $sent }
    Not sent: { $pending }
    Blocked the bot: { $blocked }
    Failed: { $failed }
    Unknown (may have arrived; not sent again): { $unknown }
cmd-subscribe = Get our new fact-checks here
cmd-unsubscribe = Stop getting our fact-checks

## Privacy (/mydata, /forget)
cmd-forget = Erase what the bot stores about me
cmd-mydata = What the bot stores about me
privacy-notice = 🔒 <b>Privacy</b>: I store your chat id, your language, whether you subscribed, and the posts you send, so that I can answer you and tell you when a verdict is out. Fact-checkers see the posts, never your name. The links between you and your posts are deleted after a few months. /mydata shows what I store about you, /forget erases it.
forget-confirm = Erase everything I store about you: your language, your subscription and the links between you and the tips you sent? The tips stay with our fact-checkers, without your name. This cannot be undone.
forget-yes = Yes, erase
forget-cancel = Cancel
forget-done = Done: I have erased what I stored about you. If you write to me again, I will store your chat id and language again.
forget-cancelled = Nothing was erased.
forget-not-yours = This button is not for you.
button-stale = This button no longer works.
feedback-up = 👍 Helpful
feedback-down = 👎 Not helpful
feedback-thanks = Thank you: noted.
feedback-sorry = Sorry it did not help: noted.
feedback-what-wrong = What is wrong with this answer?
feedback-reason-another_claim = It is about another claim
feedback-reason-wrong_verdict = The verdict is wrong
feedback-reason-other = Something else
feedback-offer-desk = Thank you. Shall we send your message to our fact-checkers?
feedback-send = Send it to the fact-checkers
feedback-send-no = No, thanks
feedback-noted = Thank you: noted.
feedback-sent = Sent to our fact-checkers as tip #{ $id }: we will answer you here. If you like, write in your next message what is wrong, and they will see it.
note-added = Thank you: the fact-checkers will see your note on tip #{ $id }.
explainer-card =
    📘 <b>{ $title }</b>
    { $text }
cmd-menu = Explainers: how to check what you see
menu-title = Explainers: tap one to read it.
menu-empty = There are no explainers in your language yet.
explainer-for-tip = We are still checking the post you sent us (tip <b>#{ $id }</b>); meanwhile, this may help.
desk-explain-usage = Reply to a card with <code>/explain KEY</code>, or send <code>/explain 17 KEY</code>: the tip's readers get the explainer, once each, and so does every later one.
desk-unknown-explainer = There is no explainer { $name } (<code>/explain</code> lists them).
desk-explainer-attached = Explainer "{ $title }" attached to tip #{ $id }: sent to { $count } readers.
desk-explainers-title = <b>Explainers</b>
desk-explainers-empty = No explainers yet: import them with <code>tipline explainers import FILE</code>.
desk-card-explainer = 📘 Explainer: { $name }
context-button = 📍 Add where you saw it
context-ask = Where did you see it? Send in one message a link, a channel or group name, or a few words: the fact-checkers will see it on tip #{ $id }.
desk-card-seen-at = 📍 Where the reader saw it: { $text }
desk-card-disputed = ⚠️ Possible wrong match: verdict #{ $verdict } ({ $kind }, score { $score }). The reader says: { $reason }
desk-card-note = 📝 The reader adds: { $text }
desk-answer-auto = answered automatically
desk-answer-picked = picked by the reader
desk-answer-desk = answered by the desk
desk-answer-correction = a correction
mydata =
    <b>What I store about you</b>
    Language: { $language }
    Subscribed to new fact-checks: { $subscribed ->
        [yes] yes
       *[no] no
    }
    First contact: { $first }
    Messages you sent: { $count }
    Reference numbers of your tips: { $ids }
    Answers you rated: { $rated }

    /forget erases all of this.

## Partner newsrooms
card-checked-by = Checked by { $partner }, { $country }
card-checked-by-partner = Checked by { $partner }
desk-card-partner = a partner checked this: { $partner }
trust-auto = answers readers
trust-suggest = offered as a choice
trust-off = search only
partners-title = <b>Partner newsrooms</b>
partners-none = No partner newsrooms yet. They are added on the server: tipline partners add NAME, tipline partners follow NAME URL.
partners-line = <b>{ $partner }</b> · { $trust }
partners-reads = reads our feed
partners-followed = verdicts: { $verdicts } ({ $withdrawn } withdrawn) · last sync: { $synced }
partners-never = never
partners-errors = errors: { $errors }, records skipped: { $skipped }; last: { $error }
partners-trust-changed = { $partner }: { $trust }
partners-gone = This partner is no longer listed; send /partners again.
desk-card-rising = rising at { $partner }: { $demand ->
        [one] { $demand } reader
       *[other] { $demand } readers
    }
