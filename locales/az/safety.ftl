# Təhlükəsizlik: oxucu limitləri, bloklama, qruplar, inline rejimi.

limit-burst = Mesajları bizim yoxlaya bildiyimizdən daha sürətlə göndərirsiniz. Zəhmət olmasa, bir dəqiqə fasilə verin: bu müddətdə göndərilən mesajlar yoxlanılmır, onları sonra yenidən göndərin.
limit-daily = Bugünkü mesaj limitinə çatdınız. Ayıqlığınız üçün təşəkkür edirik! Qalanını sabah göndərin.

block-done = { $reader } oxucusu bloklandı: onun mesajları artıq saxlanılmır və cavabsız qalır. /unblock { $reader } bloku götürür.
block-already = { $reader } oxucusu artıq bloklanıb.
block-unknown = { $reader } oxucusu yoxdur.
block-usage = İstifadə: /block R17 [səbəb] — siqnal kartındakı oxucu nömrəsi ilə, və ya karta /block ilə cavab verin. /unblock R17 bloku götürür, /blocked siyahını göstərir.
block-several = Bu siqnalı bir neçə oxucu göndərib: { $readers }. Onlardan birini /block və nömrəsi ilə bloklayın.
block-denied = Oxucuları yalnız adminlər bloklaya və ya blokdan çıxara bilər.
unblock-done = { $reader } oxucusu blokdan çıxarıldı.
unblock-not-blocked = { $reader } oxucusu bloklanmayıb.
blocked-title = Bloklanmış oxucular:
blocked-empty = Bloklanmış oxucu yoxdur.
blocked-line = { $reader } · { $date } tarixindən · { $reason }

group-check-usage = Mesaja /check ilə cavab verin və ya /check və mətni yazın, dərc olunmuş hökmümüzü axtarım.
group-no-verdict = Buna dəqiq uyğun gələn dərc olunmuş hökm tapmadım. Bunu mənə şəxsi çatda göndərin (@{ $bot }), faktçekerlərimiz araşdıracaq.

cmd-check = Mesaj üzrə hökmümüzü tapmaq (ona cavab olaraq)

inline-hint = Hökmlərimizi tapmaq üçün iddiadan bir neçə söz yazın
inline-nothing = Hökm tapılmadı: iddianı bota göndərin

desk-card-readers = Göndərən: { $readers }
mydata-name = Faktçekerlərimizin siqnallarınızın yanında gördüyü adınız: { $name }
