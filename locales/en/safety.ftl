# Safety and abuse resistance: reader limits, blocking, group chats, inline mode (bot/services/limits.py,
# handlers/blocking.py, handlers/group.py, handlers/inline.py).

limit-burst = You are sending messages faster than we can check them. Please pause for a minute; messages sent meanwhile are not checked, so send them again afterwards.
limit-daily = You have reached today's limit of messages. Thank you for your vigilance! Please send the rest tomorrow.

block-done = Reader { $reader } is blocked: their messages are no longer stored or answered. /unblock { $reader } lifts the block.
block-already = Reader { $reader } is already blocked.
block-unknown = There is no reader { $reader }.
block-usage = Usage: /block R17 [reason] with the reader number from a tip card, or reply to a tip card with /block. /unblock R17 lifts a block, /blocked lists them.
block-several = Several readers sent this tip: { $readers }. Block one of them with /block and their number.
block-denied = Only admins can block or unblock readers.
unblock-done = Reader { $reader } is unblocked.
unblock-not-blocked = Reader { $reader } is not blocked.
blocked-title = Blocked readers:
blocked-empty = No readers are blocked.
blocked-line = { $reader } · since { $date } · { $reason }

group-check-usage = Reply to a message with /check, or write /check and the text, and I will look for our published verdict.
group-no-verdict = I found no published verdict that clearly matches this. Forward it to me in a private chat (@{ $bot }) and our fact-checkers will look into it.

cmd-check = Look for our verdict on a message (reply to it)

inline-hint = Type a few words of the claim to find our verdicts
inline-nothing = No verdict found: send the claim to the bot

desk-card-readers = Sent by: { $readers }
mydata-name = Your name, shown to our fact-checkers with your tips: { $name }
