# Güvenlik: okur sınırları, engelleme, gruplar, satır içi mod.

limit-burst = Mesajları bizim kontrol edebileceğimizden daha hızlı gönderiyorsunuz. Lütfen bir dakika ara verin: bu sırada gönderilen mesajlar kontrol edilmez, onları sonra yeniden gönderin.
limit-daily = Bugünkü mesaj sınırına ulaştınız. Duyarlılığınız için teşekkürler! Lütfen kalanını yarın gönderin.

block-done = { $reader } numaralı okur engellendi: mesajları artık saklanmıyor ve yanıtlanmıyor. /unblock { $reader } engeli kaldırır.
block-already = { $reader } numaralı okur zaten engellenmiş.
block-unknown = { $reader } numaralı bir okur yok.
block-usage = Kullanım: ihbar kartındaki okur numarasıyla /block R17 [gerekçe] ya da karta /block ile yanıt verin. /unblock R17 engeli kaldırır, /blocked listeyi gösterir.
block-several = Bu ihbarı birkaç okur gönderdi: { $readers }. Birini /block ve numarasıyla engelleyin.
block-denied = Okurları yalnızca yöneticiler engelleyebilir veya engelini kaldırabilir.
unblock-done = { $reader } numaralı okurun engeli kaldırıldı.
unblock-not-blocked = { $reader } numaralı okur engelli değil.
blocked-title = Engellenen okurlar:
blocked-empty = Engellenen okur yok.
blocked-line = { $reader } · { $date } tarihinden beri · { $reason }

group-check-usage = Bir mesaja /check ile yanıt verin ya da /check ve metni yazın, yayımlanmış kararımızı arayayım.
group-no-verdict = Buna açıkça uyan yayımlanmış bir karar bulamadım. Bunu bana özel sohbetten iletin (@{ $bot }), doğruluk kontrolü ekibimiz inceleyecek.

cmd-check = Bir mesaj hakkındaki kararımızı bul (ona yanıt olarak)

inline-hint = Kararlarımızı bulmak için iddiadan birkaç kelime yazın
inline-nothing = Karar bulunamadı: iddiayı bota gönderin

desk-card-readers = Gönderen: { $readers }
mydata-name = Doğruluk kontrolü ekibimizin ihbarlarınızın yanında gördüğü adınız: { $name }
