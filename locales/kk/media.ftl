## Pictures, videos and files (handlers/reader.py)

media-queued-photo =
    Рақмет! Бұл суретті фактчекерлеріміз бұрын көрген суреттермен салыстырдым, әзірге ол бойынша тұжырым таппадым. Сіздің <b>#{ $id }</b> өтінішіңіз фактчекерлерімізге жіберілді; тұжырым шыққанда осы жерге жазамын.
media-queued-unchecked =
    Рақмет! Бұл хабарламада автоматты түрде тексеруге болатын ештеңе жоқ (салыстыруға мәтін де, сілтеме де жоқ), сондықтан сіздің <b>#{ $id }</b> өтінішіңіз фактчекерлер кезегіне қойылды. Тұжырым шыққанда осы жерге жазамын.

## /sources in the checkers' chat (handlers/checker.py)

desk-sources-usage = /sources 12 — #12 тұжырымын таратқан арналар; /sources #17 (немесе карточкаға /sources деп жауап беріңіз) — #17 өтініш кластерінің арналары; нөмірсіз /sources — ашық өтініштердің арналары.
desk-sources-verdict = #{ $verdict } тұжырымын таратқан арналар:
desk-sources-tip = #{ $id } өтінішін таратқан арналар:
desk-sources-open = Ашық өтініштердің арналары:
desk-sources-none = Арналардан әзірге қайта жіберілген пост жоқ.
desk-sources-posts = { $count ->
       *[other] { $count } рет қайта жіберілген
    }

## Фактчекерлер карточкаларындағы альбомдар, дәйексөздер мен жауаптар (bot/services/desk.py)

desk-card-quoted = Дәйексөз алынған жер:
desk-card-album = [жазусыз { $count } файлдан тұратын альбом]
desk-card-unseen-post = [оқырман арнадағы осы пост туралы мәтінін келтірмей сұрады: оны жоғарыдағы сілтеме арқылы ашыңыз]
desk-card-question = 💬 Оқырманның сөзі: { $text }

## Pictures whose words are read (bot/services/ocr.py)
media-queued-reading =
    Рақмет! Сіздің <b>#{ $id }</b> сигналыңыз фактчекерлерімізге жіберілді. Суреттегі мәтінді әлі оқып жатырмын: ол жарияланған тексеруге сәйкес келсе, оны осында жіберемін.
desk-card-read = 🔎 Суреттен оқылды (сенімділік { $confidence })
mydata-readings = Суреттеріңізден оқылған мәтіндер: { $count }
desk-find-usage = /find деп және өтініштің сөздерін жіберіңіз (мәтінінен немесе суреттен оқылған мәтіннен).
desk-find-none = «{ $words }» деген өтініш жоқ.
desk-find-title = <b>«{ $words }» бар өтініштер</b>, алдымен жаңалары:

## Voice notes and videos transcribed (bot/services/transcription.py)
media-queued-voice =
    Рақмет! Дауыстық хабарламаңыз не бейнеңіз фактчекерлерімізге <b>#{ $id }</b> өтініші болды. Қорытынды шыққанда осында жазамын.
desk-card-transcript = 🎙 Жазбаның мәтіні
desk-card-transcript-corrected = 🎙 Мәтін, түзеткен: { $name }
desk-button-transcribe = 🎙 Мәтінге айналдыру
desk-transcribe-asked = #{ $id } өтінішін мәтінге айналдырып жатырмын: сөздер оның карточкасында шығады.
desk-transcribe-long = Жазба мәтінге айналдыру үшін тым ұзын ({ $seconds } с-тан артық).
desk-transcribe-nothing = #{ $id } өтінішінде мәтінге айналдыратын ашық дауыстық хабарлама не бейне жоқ.
desk-transcript-usage = Өтініш карточкасына <code>/transcript</code> және түзетілген мәтінмен жауап беріңіз.
desk-transcript-done = #{ $id } өтінішінің мәтіні түзетілді.
desk-transcript-none = #{ $id } өтінішінде түзететін мәтін жоқ (ол жабық немесе әлі мәтінге айналмаған).
