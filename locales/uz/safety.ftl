# Xavfsizlik: o‘quvchi cheklovlari, bloklash, guruhlar, inline rejimi.

limit-burst = Siz xabarlarni biz tekshirib ulgurganimizdan tezroq yuboryapsiz. Iltimos, bir daqiqa to‘xtab turing: bu vaqtda yuborilgan xabarlar tekshirilmaydi, ularni keyinroq qayta yuboring.
limit-daily = Bugungi xabarlar chegarasiga yetdingiz. Hushyorligingiz uchun rahmat! Qolganini ertaga yuboring.

block-done = { $reader } o‘quvchi bloklandi: uning xabarlari endi saqlanmaydi va javobsiz qoladi. /unblock { $reader } blokni olib tashlaydi.
block-already = { $reader } o‘quvchi allaqachon bloklangan.
block-unknown = { $reader } o‘quvchi yo‘q.
block-usage = Foydalanish: /block R17 [sabab] — signal kartochkasidagi o‘quvchi raqami bilan, yoki kartochkaga /block bilan javob bering. /unblock R17 blokni oladi, /blocked ro‘yxatni ko‘rsatadi.
block-several = Bu signalni bir nechta o‘quvchi yuborgan: { $readers }. Ulardan birini /block va raqami bilan bloklang.
block-denied = O‘quvchilarni faqat administratorlar bloklashi yoki blokdan chiqarishi mumkin.
unblock-done = { $reader } o‘quvchi blokdan chiqarildi.
unblock-not-blocked = { $reader } o‘quvchi bloklanmagan.
blocked-title = Bloklangan o‘quvchilar:
blocked-empty = Bloklangan o‘quvchilar yo‘q.
blocked-line = { $reader } · { $date } dan beri · { $reason }

group-check-usage = Xabarga /check bilan javob bering yoki /check va matnni yozing, men e’lon qilingan xulosamizni qidiraman.
group-no-verdict = Bunga aniq mos keladigan e’lon qilingan xulosa topmadim. Buni menga shaxsiy chatda yuboring (@{ $bot }), faktchekerlarimiz o‘rganib chiqadi.

cmd-check = Xabar bo‘yicha xulosamizni topish (unga javob sifatida)

inline-hint = Xulosalarimizni topish uchun da’vodan bir necha so‘z yozing
inline-nothing = Xulosa topilmadi: da’voni botga yuboring

desk-card-readers = Yuborgan: { $readers }
mydata-name = Faktchekerlarimiz signallaringiz yonida ko‘radigan ismingiz: { $name }
