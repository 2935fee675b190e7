# ruff: noqa: E501  (tables of parallel Arabic | English lines read better unbroken)
"""Invented news copy for `manage.py seed_articles`: Arabic stories, some with an English edition.

Everything here was written for this project. The events are made up, and nobody real is named:
people are random pairings of common first and family names. Countries, cities and
international bodies are real, so tags and datelines look like a newsroom's.

The lists are parallel ``Arabic | English`` lines. A story is a list of sentences, each rendered
in Arabic and (for the ~15% of stories with an English edition) in English, so the English edition
reads as a translation of the Arabic one.

Everything is a function of a ``random.Random``: the same seed gives the same story.
No text contains ``<``, ``>`` or ``&``; the markup around it is ours (``<p>``, ``<h2>``,
``<blockquote>``), so a generated body is already what ``articles.text.sanitize_body`` keeps.
"""

import bisect
import itertools
import random
from dataclasses import dataclass
from html import escape

from core.text import arabic_slug

# --------------------------------------------------------------------------------------------
# Parsing the tables below


def _rows(text: str, width: int) -> list[tuple[str, ...]]:
    rows = []
    for line in text.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = tuple(part.strip() for part in line.split("|"))
        if len(parts) != width:
            raise ValueError(f"expected {width} fields: {line!r}")
        rows.append(parts)
    return rows


def zipf_cum_weights(n: int, s: float = 1.0, offset: float = 0.0) -> list[float]:
    """Cumulative weights 1/(rank+offset)^s for ranks 1..n, for `random.choices`."""
    return list(itertools.accumulate(1.0 / (rank + offset) ** s for rank in range(1, n + 1)))


# --------------------------------------------------------------------------------------------
# Places: (Arabic, nisba masculine, nisba feminine, English, English adjective)

_COUNTRIES = _rows("""
العراق | العراقي | العراقية | Iraq | Iraqi
مصر | المصري | المصرية | Egypt | Egyptian
الأردن | الأردني | الأردنية | Jordan | Jordanian
لبنان | اللبناني | اللبنانية | Lebanon | Lebanese
سوريا | السوري | السورية | Syria | Syrian
السعودية | السعودي | السعودية | Saudi Arabia | Saudi
الإمارات | الإماراتي | الإماراتية | the UAE | Emirati
الكويت | الكويتي | الكويتية | Kuwait | Kuwaiti
قطر | القطري | القطرية | Qatar | Qatari
البحرين | البحريني | البحرينية | Bahrain | Bahraini
سلطنة عمان | العماني | العمانية | Oman | Omani
اليمن | اليمني | اليمنية | Yemen | Yemeni
فلسطين | الفلسطيني | الفلسطينية | Palestine | Palestinian
تونس | التونسي | التونسية | Tunisia | Tunisian
الجزائر | الجزائري | الجزائرية | Algeria | Algerian
المغرب | المغربي | المغربية | Morocco | Moroccan
ليبيا | الليبي | الليبية | Libya | Libyan
السودان | السوداني | السودانية | Sudan | Sudanese
موريتانيا | الموريتاني | الموريتانية | Mauritania | Mauritanian
الصومال | الصومالي | الصومالية | Somalia | Somali
جيبوتي | الجيبوتي | الجيبوتية | Djibouti | Djiboutian
تركيا | التركي | التركية | Turkey | Turkish
إيران | الإيراني | الإيرانية | Iran | Iranian
الولايات المتحدة | الأمريكي | الأمريكية | the United States | US
روسيا | الروسي | الروسية | Russia | Russian
الصين | الصيني | الصينية | China | Chinese
فرنسا | الفرنسي | الفرنسية | France | French
ألمانيا | الألماني | الألمانية | Germany | German
بريطانيا | البريطاني | البريطانية | Britain | British
الهند | الهندي | الهندية | India | Indian
اليابان | الياباني | اليابانية | Japan | Japanese
باكستان | الباكستاني | الباكستانية | Pakistan | Pakistani
إيطاليا | الإيطالي | الإيطالية | Italy | Italian
إسبانيا | الإسباني | الإسبانية | Spain | Spanish
أوكرانيا | الأوكراني | الأوكرانية | Ukraine | Ukrainian
البرازيل | البرازيلي | البرازيلية | Brazil | Brazilian
الأرجنتين | الأرجنتيني | الأرجنتينية | Argentina | Argentine
كندا | الكندي | الكندية | Canada | Canadian
أستراليا | الأسترالي | الأسترالية | Australia | Australian
إثيوبيا | الإثيوبي | الإثيوبية | Ethiopia | Ethiopian
نيجيريا | النيجيري | النيجيرية | Nigeria | Nigerian
كينيا | الكيني | الكينية | Kenya | Kenyan
جنوب أفريقيا | الجنوب أفريقي | الجنوب أفريقية | South Africa | South African
إندونيسيا | الإندونيسي | الإندونيسية | Indonesia | Indonesian
ماليزيا | الماليزي | الماليزية | Malaysia | Malaysian
اليونان | اليوناني | اليونانية | Greece | Greek
كوريا الجنوبية | الكوري الجنوبي | الكورية الجنوبية | South Korea | South Korean
المكسيك | المكسيكي | المكسيكية | Mexico | Mexican
هولندا | الهولندي | الهولندية | the Netherlands | Dutch
السويد | السويدي | السويدية | Sweden | Swedish
""", 5)
# The first 21 are the Arab League members our readers follow most closely.
ARAB_COUNTRIES = 21

# (Arabic, English, index into _COUNTRIES)
_CITIES = [(ar, en, int(i)) for ar, en, i in _rows("""
بغداد | Baghdad | 0
البصرة | Basra | 0
الموصل | Mosul | 0
أربيل | Erbil | 0
النجف | Najaf | 0
كربلاء | Karbala | 0
الأنبار | Anbar | 0
القاهرة | Cairo | 1
الإسكندرية | Alexandria | 1
أسوان | Aswan | 1
بورسعيد | Port Said | 1
عمّان | Amman | 2
العقبة | Aqaba | 2
إربد | Irbid | 2
بيروت | Beirut | 3
صيدا | Sidon | 3
صور | Tyre | 3
دمشق | Damascus | 4
حلب | Aleppo | 4
حمص | Homs | 4
اللاذقية | Latakia | 4
الرياض | Riyadh | 5
جدة | Jeddah | 5
الدمام | Dammam | 5
دبي | Dubai | 6
أبوظبي | Abu Dhabi | 6
الشارقة | Sharjah | 6
الدوحة | Doha | 8
المنامة | Manama | 9
مسقط | Muscat | 10
صنعاء | Sanaa | 11
عدن | Aden | 11
غزة | Gaza | 12
رام الله | Ramallah | 12
نابلس | Nablus | 12
الخليل | Hebron | 12
صفاقس | Sfax | 13
سوسة | Sousse | 13
وهران | Oran | 14
قسنطينة | Constantine | 14
الرباط | Rabat | 15
الدار البيضاء | Casablanca | 15
مراكش | Marrakesh | 15
فاس | Fez | 15
طنجة | Tangier | 15
بنغازي | Benghazi | 16
مصراتة | Misrata | 16
الخرطوم | Khartoum | 17
بورتسودان | Port Sudan | 17
نواكشوط | Nouakchott | 18
مقديشو | Mogadishu | 19
إسطنبول | Istanbul | 21
أنقرة | Ankara | 21
طهران | Tehran | 22
واشنطن | Washington | 23
نيويورك | New York | 23
موسكو | Moscow | 24
بكين | Beijing | 25
باريس | Paris | 26
برلين | Berlin | 27
لندن | London | 28
نيودلهي | New Delhi | 29
طوكيو | Tokyo | 30
روما | Rome | 32
مدريد | Madrid | 33
كييف | Kyiv | 34
""", 3)]
# Cities of international meetings, used for "in Geneva" and the like.
_MEETING_CITIES = _rows("""
جنيف | Geneva
بروكسل | Brussels
فيينا | Vienna
نيويورك | New York
باريس | Paris
""", 2)


@dataclass(frozen=True)
class Place:
    ar: str
    nisba_m: str
    nisba_f: str
    en: str
    en_adj: str
    cities: tuple = ()


PLACES = [
    Place(*row, cities=tuple((ar, en) for ar, en, i in _CITIES if i == n))
    for n, row in enumerate(_COUNTRIES)
]

# --------------------------------------------------------------------------------------------
# Times

# When the event happened: after the subject in Arabic, at the end in English.
_TIMES = _rows("""
يوم الأحد | on Sunday
يوم الاثنين | on Monday
يوم الثلاثاء | on Tuesday
يوم الأربعاء | on Wednesday
يوم الخميس | on Thursday
يوم الجمعة | on Friday
يوم السبت | on Saturday
مساء الأحد | on Sunday evening
مساء الاثنين | on Monday evening
مساء الثلاثاء | on Tuesday evening
مساء الأربعاء | on Wednesday evening
مساء الخميس | on Thursday evening
صباح الأحد | on Sunday morning
صباح الاثنين | on Monday morning
صباح الثلاثاء | on Tuesday morning
صباح الأربعاء | on Wednesday morning
صباح الخميس | on Thursday morning
صباح السبت | on Saturday morning
أمس | yesterday
اليوم | today
في وقت سابق اليوم | earlier today
في ساعة متأخرة من الليل | late at night
خلال الأسبوع الجاري | this week
مطلع الأسبوع | early this week
""", 2)
# Further back, for "had already…" sentences.
_PAST_TIMES = _rows("""
في وقت سابق من هذا الشهر | earlier this month
الشهر الماضي | last month
قبل أسبوعين | two weeks ago
قبل نحو شهرين | about two months ago
في مطلع العام | at the start of the year
العام الماضي | last year
في الربيع الماضي | last spring
قبل أيام | a few days ago
""", 2)
_FUTURE_TIMES = _rows("""
خلال الأسابيع المقبلة | in the coming weeks
قبل نهاية العام | before the end of the year
في الربع الأول من العام المقبل | in the first quarter of next year
خلال الأيام القليلة المقبلة | in the next few days
بحلول الصيف المقبل | by next summer
في غضون شهرين | within two months
مع بداية الشهر المقبل | at the beginning of next month
في وقت لاحق من هذا الأسبوع | later this week
خلال المرحلة المقبلة | in the next phase
""", 2)

# --------------------------------------------------------------------------------------------
# Shared phrases

# Verbs of saying: (Arabic masculine past, the complementiser, English)
_SAY = _rows("""
قال | إن | said
أكد | أن | stressed
أوضح | أن | explained
ذكر | أن | said
أفاد | بأن | reported
كشف | أن | revealed
أشار | إلى أن | pointed out
رأى | أن | argued
اعتبر | أن | considered
أعلن | أن | announced
شدد | على أن | insisted
أضاف | أن | added
توقع | أن | expected
لفت | إلى أن | noted
""", 3)
# Sentence openers: (Arabic, English)
_CONNECTORS = _rows("""
وفي سياق متصل | In a related development
من جهة أخرى | Separately
إلى ذلك | Meanwhile
في المقابل | By contrast
وفي تطور لاحق | In a later development
بالتزامن مع ذلك | At the same time
وفي خطوة لافتة | In a notable move
وبحسب مصادر مطلعة | According to informed sources
""", 2)
# After the first sentence of a story: (Arabic, English)
_LEAD_TAILS = _rows("""
في خطوة لقيت ترحيبًا واسعًا | in a move that was widely welcomed
وسط جدل واسع في الأوساط المعنية | amid broad debate among those concerned
بحسب بيان رسمي | according to an official statement
وفق ما أفادت مصادر مطلعة | according to informed sources
في أول خطوة من نوعها منذ سنوات | in the first such step in years
بعد أسابيع من المشاورات | after weeks of consultations
وسط ترقب شعبي واسع | amid wide public anticipation
في ظل ظروف اقتصادية صعبة | amid difficult economic conditions
بعد سلسلة من الاجتماعات المغلقة | after a series of closed-door meetings
في خطوة وصفها مراقبون بالمفاجئة | in a step observers described as surprising
وسط انتقادات من عدة أطراف | amid criticism from several quarters
بعد تأجيل استمر أشهرًا | after a delay of several months
""", 2)
# Closing a headline that is still short: (Arabic, English)
_HEADLINE_TAILS = _rows("""
وسط انتقادات واسعة | amid wide criticism
في خطوة غير مسبوقة | in an unprecedented move
للمرة الأولى منذ سنوات | for the first time in years
بعد مفاوضات شاقة | after tough negotiations
رغم الاعتراضات | despite objections
خلال الأيام المقبلة | in the coming days
وسط ترقب واسع | amid wide anticipation
بعد أشهر من الجدل | after months of debate
في ظل ضغوط متزايدة | under mounting pressure
قبل نهاية العام | before the end of the year
""", 2)
# Where something was said: (Arabic, English)
_VENUES = _rows("""
في مؤتمر صحفي | at a news conference
في بيان | in a statement
في تصريح للصحفيين | in remarks to reporters
في حديث لـ«الأمصار» | speaking to Al-Amsar
خلال ندوة حوارية | during a panel discussion
في مقابلة تلفزيونية | in a television interview
على هامش الاجتماع | on the sidelines of the meeting
في منشور على حسابه الرسمي | in a post on an official account
""", 2)
# Sub-headings that fit any story: (Arabic, English)
_GENERIC_SUBHEADS = _rows("""
ردود فعل متباينة | Mixed reactions
خلفيات القرار | Behind the decision
ماذا بعد؟ | What next?
أرقام لافتة | Striking figures
تحديات قائمة | Challenges remain
مخاوف وتحفظات | Fears and reservations
الخطوة التالية | The next step
بين التفاؤل والحذر | Between optimism and caution
سياق أوسع | The wider context
على الأرض | On the ground
الموقف الرسمي | The official position
انتظار النتائج | Waiting for results
""", 2)
# Background that fits any story: (Arabic, English)
_GENERIC_CONTEXTS = _rows("""
ويأتي ذلك بعد أسابيع من النقاشات المكثفة بين الجهات المعنية. | It follows weeks of intensive discussions among the parties concerned.
ولم يصدر حتى الآن أي تعليق رسمي من الجهات الأخرى على هذه الخطوة. | There has been no official comment yet from the other parties on the move.
ويرى مراقبون أن نجاح هذه الخطوة مرهون بمدى الالتزام بتنفيذها على أرض الواقع. | Observers say the success of the step depends on how faithfully it is implemented.
وتباينت ردود الفعل على مواقع التواصل الاجتماعي بين مرحب ومتشكك. | Reactions on social media ranged from welcoming to sceptical.
وتعهدت الجهات المختصة بنشر التفاصيل الكاملة خلال الأيام المقبلة. | The authorities promised to publish full details in the coming days.
ويعد هذا التطور الأبرز منذ مطلع العام الجاري. | It is the most significant development since the start of the year.
ولا تزال تفاصيل كثيرة غير معروفة حتى لحظة إعداد هذا التقرير. | Many details were still unknown at the time of writing.
وكان الملف قد أثار نقاشًا واسعًا خلال الأشهر الماضية. | The issue had sparked wide debate in recent months.
""", 2)
# English-only: the quoted person's verb
_QUOTE_VERBS_EN = ("said", "added")

# Kickers above the headline: (Arabic, English)
KICKERS = _rows("""
خاص | Exclusive
تحليل | Analysis
تقرير | Report
متابعة | Follow-up
حوار | Interview
قراءة | Insight
""", 2)
BREAKING_KICKER = ("عاجل", "Breaking")

# --------------------------------------------------------------------------------------------
# Themes. Actors: (Arabic, gender m/f, English with "{n}" where a nationality goes, takes a
# nationality y/n). Predicates: (Arabic present masc., Arabic past masc., Arabic complement,
# English base verb, English past, English complement).


@dataclass(frozen=True)
class Actor:
    ar: str
    feminine: bool
    en: str
    national: bool


@dataclass(frozen=True)
class Predicate:
    present: str
    past: str
    rest: str
    en_base: str
    en_past: str
    en_rest: str


@dataclass
class Theme:
    key: str
    actors: list
    predicates: list
    speakers: list  # (Arabic, English, feminine)
    quotes: list  # (Arabic, English): a nominal sentence, what comes after «إن»
    contexts: list  # (Arabic, English)
    stats: list  # (Arabic, English) with {p} per cent, {n} small number, {m} large number
    subheads: list  # (Arabic, English)
    topics: list  # tags: (Arabic, English)
    tag_nouns: list  # tags "<noun> <country>": (Arabic construct noun, English)


def _actors(text):
    return [Actor(ar, g == "f", en, nat == "y") for ar, g, en, nat in _rows(text, 4)]


def _predicates(text):
    return [Predicate(*row) for row in _rows(text, 6)]


def _speakers(text):
    return [(ar, en, g == "f") for ar, en, g in _rows(text, 3)]


POLITICS = Theme(
    key="politics",
    actors=_actors("""
رئيس الوزراء | m | the {n}prime minister | y
رئيس الجمهورية | m | the {n}president | y
وزير الخارجية | m | the {n}foreign minister | y
وزير الداخلية | m | the {n}interior minister | y
وزير العدل | m | the {n}justice minister | y
وزيرة التخطيط | f | the {n}planning minister | y
وزيرة الشؤون الاجتماعية | f | the {n}social affairs minister | y
الحكومة | f | the {n}government | y
البرلمان | m | the {n}parliament | y
مجلس الوزراء | m | the {n}cabinet | y
رئيس البرلمان | m | the speaker of parliament | n
المتحدث باسم الحكومة | m | the government spokesman | n
اللجنة القانونية في البرلمان | f | parliament's legal committee | n
لجنة الأمن والدفاع النيابية | f | the parliamentary security and defence committee | n
المفوضية العليا للانتخابات | f | the electoral commission | n
كتلة المعارضة الرئيسية | f | the main opposition bloc | n
زعيم المعارضة | m | the opposition leader | n
المحكمة الدستورية | f | the {n}constitutional court | y
مجلس القضاء الأعلى | m | the supreme judicial council | n
مجلس المحافظة | m | the provincial council | n
هيئة النزاهة | f | the integrity commission | n
ديوان الرقابة المالية | m | the financial oversight bureau | n
الرئاسة | f | the {n}presidency | y
التحالف الحاكم | m | the ruling coalition | n
الائتلاف الوطني | m | the National Coalition | n
نقابة المحامين | f | the bar association | n
النائبة المستقلة | f | the independent MP | n
محافظ العاصمة | m | the governor of the capital | n
"""),
    predicates=_predicates("""
يطرح | طرح | مشروع قانون جديد لتنظيم الانتخابات المحلية | propose | proposed | a new bill to regulate local elections
يرفض | رفض | التعديلات المقترحة على قانون الأحزاب | reject | rejected | the proposed amendments to the parties law
يدعو | دعا | إلى حوار وطني شامل قبل الانتخابات المقبلة | call | called | for a comprehensive national dialogue before the next elections
يناقش | ناقش | مشروع الموازنة العامة للعام المقبل | discuss | discussed | next year's general budget bill
يصادق | صادق | على تعيين أعضاء جدد في المحكمة الدستورية | approve | approved | the appointment of new members to the constitutional court
يعلن | أعلن | موعد الانتخابات البرلمانية المقبلة | announce | announced | the date of the next parliamentary elections
يؤجل | أجّل | التصويت على قانون العفو العام | postpone | postponed | the vote on the general amnesty law
يستدعي | استدعى | وزير الكهرباء لاستجوابه بشأن انقطاع التيار | summon | summoned | the electricity minister for questioning over power cuts
يشكّل | شكّل | لجنة تحقيق في شبهات فساد بعقود حكومية | form | formed | a committee to investigate suspected corruption in government contracts
يقرّ | أقرّ | حزمة إصلاحات إدارية لتقليص البيروقراطية | adopt | adopted | a package of administrative reforms to cut red tape
يطالب | طالب | بإجراء تعديل وزاري واسع | demand | demanded | a broad cabinet reshuffle
ينفي | نفى | وجود خلافات داخل التحالف الحاكم | deny | denied | any rifts within the ruling coalition
يحذّر | حذّر | من تأخير إقرار الموازنة العامة | warn | warned | against delaying the general budget
يستقبل | استقبل | وفدًا من الاتحاد الأوروبي لبحث ملف الهجرة | receive | received | a European Union delegation to discuss migration
يوقّع | وقّع | اتفاقًا لتقاسم السلطة مع الأحزاب الكبرى | sign | signed | a power-sharing agreement with the major parties
يبحث | بحث | آليات مكافحة الفساد في المؤسسات العامة | examine | examined | ways to fight corruption in public institutions
يصدر | أصدر | مرسومًا بإعادة هيكلة الوزارات الخدمية | issue | issued | a decree restructuring the service ministries
يجدد | جدّد | الدعوة إلى إجراء انتخابات مبكرة | renew | renewed | the call for early elections
يرفع | رفع | حظر التجول عن عدد من المحافظات | lift | lifted | the curfew in several provinces
يمدد | مدّد | حالة الطوارئ ثلاثة أشهر إضافية | extend | extended | the state of emergency by three months
يفتح | فتح | باب الترشح للانتخابات البلدية | open | opened | nominations for the municipal elections
يتعهد | تعهّد | بمحاسبة المسؤولين عن هدر المال العام | pledge | pledged | to hold those who waste public money to account
يعيد | أعاد | النظر في قانون الجرائم الإلكترونية | reconsider | reconsidered | the cybercrime law
يتبنى | تبنّى | خطة لإصلاح نظام التقاعد | adopt | adopted | a plan to reform the pension system
يقدّم | قدّم | برنامجًا حكوميًا جديدًا إلى البرلمان | present | presented | a new government programme to parliament
يستأنف | استأنف | المشاورات لتشكيل الحكومة الجديدة | resume | resumed | talks on forming the new government
يعلّق | علّق | العمل بقانون الانتخابات القديم | suspend | suspended | the old election law
يتسلم | تسلّم | تقرير لجنة تقصي الحقائق | receive | received | the fact-finding committee's report
يرحب | رحّب | بنتائج الحوار بين القوى السياسية | welcome | welcomed | the outcome of talks between the political forces
ينتقد | انتقد | أداء الوزارات الخدمية في الأشهر الأخيرة | criticise | criticised | the performance of service ministries in recent months
يعتمد | اعتمد | جدولًا زمنيًا لإجراء التعداد السكاني | approve | approved | a timetable for the population census
يطلق | أطلق | مبادرة للمصالحة الوطنية | launch | launched | a national reconciliation initiative
يحيل | أحال | ملفات فساد جديدة إلى القضاء | refer | referred | new corruption cases to the courts
يلغي | ألغى | قرارًا مثيرًا للجدل بشأن التعيينات | revoke | revoked | a controversial decision on appointments
يقترح | اقترح | خفض عدد مقاعد البرلمان | propose | proposed | reducing the number of seats in parliament
"""),
    speakers=_speakers("""
المتحدث باسم الحكومة | government spokesman | m
المتحدثة باسم الرئاسة | presidential spokeswoman | f
النائب عن كتلة المعارضة | opposition MP | m
النائبة في البرلمان | MP | f
المحلل السياسي | political analyst | m
الباحثة في الشؤون السياسية | political researcher | f
أستاذ القانون الدستوري | constitutional law professor | m
عضو اللجنة القانونية | legal committee member | m
رئيسة منظمة لمراقبة الانتخابات | head of an election monitoring group | f
"""),
    quotes=_rows("""
المرحلة المقبلة تتطلب تعاونًا أكبر بين جميع القوى السياسية | the coming phase requires greater cooperation among all political forces
الحكومة ماضية في تنفيذ الإصلاحات رغم كل الصعوبات | the government is pressing ahead with reforms despite all the difficulties
المواطن ينتظر أفعالًا لا وعودًا | citizens are waiting for action, not promises
الانتخابات ستجري في موعدها ولا نية لتأجيلها | the elections will be held on time and there is no intention to postpone them
الحوار هو الطريق الوحيد للخروج من الأزمة الحالية | dialogue is the only way out of the current crisis
مكافحة الفساد ليست شعارًا بل التزام يومي | fighting corruption is not a slogan but a daily commitment
القانون الجديد يحمي حقوق الجميع دون استثناء | the new law protects everyone's rights without exception
البرلمان سيمارس دوره الرقابي كاملًا | parliament will exercise its oversight role in full
الأبواب مفتوحة أمام جميع الأطراف للمشاركة | the door is open to all parties to take part
الوقت لم يعد في صالح أحد | time is no longer on anyone's side
""", 2),
    contexts=_rows("""
ويأتي ذلك في وقت تشهد فيه البلاد توترًا سياسيًا متصاعدًا بين الكتل النيابية. | It comes at a time of rising political tension between parliamentary blocs.
وتواجه الحكومة ضغوطًا متزايدة لتحسين الخدمات الأساسية قبل الصيف. | The government faces mounting pressure to improve basic services before the summer.
وكانت المعارضة قد هددت بمقاطعة الجلسات إذا لم تؤخذ مطالبها بعين الاعتبار. | The opposition had threatened to boycott sessions if its demands were not taken into account.
ويشترط الدستور موافقة ثلثي أعضاء البرلمان على أي تعديل من هذا النوع. | The constitution requires the approval of two-thirds of parliament for any such amendment.
وشهدت الأشهر الأخيرة احتجاجات متفرقة للمطالبة بفرص العمل وتحسين الكهرباء. | Recent months have seen scattered protests demanding jobs and better electricity.
وتسعى الأحزاب الكبرى إلى حسم التحالفات قبل انطلاق الحملات الانتخابية. | The major parties are trying to settle alliances before campaigning begins.
""", 2),
    stats=_rows("""
وصوّت لصالح القرار {n} نائبًا من أصل الحاضرين. | {n} of the MPs present voted in favour of the decision.
وتشير استطلاعات الرأي إلى أن {p} في المئة من الناخبين لم يحسموا خياراتهم بعد. | Opinion polls suggest {p} per cent of voters have yet to make up their minds.
وبلغ عدد المرشحين المسجلين {m} مرشح حتى الآن. | The number of registered candidates has reached {m} so far.
وقدّرت هيئة النزاهة حجم الأموال المستردة بنحو {n} مليون دولار خلال العام. | The integrity commission put the money recovered this year at about {n} million dollars.
ولم تتجاوز نسبة المشاركة في الاقتراع الماضي {p} في المئة. | Turnout in the last vote did not exceed {p} per cent.
""", 2),
    subheads=_rows("""
حسابات الكتل | The blocs' calculations
الطريق إلى صناديق الاقتراع | The road to the ballot box
موقف المعارضة | The opposition's position
جدل دستوري | A constitutional debate
ملف الفساد | The corruption file
مطالب الشارع | Demands from the street
""", 2),
    topics=_rows("""
الانتخابات | elections
البرلمان | parliament
الحكومة | government
المعارضة | opposition
الفساد | corruption
الدستور | the constitution
الموازنة العامة | the general budget
الأحزاب السياسية | political parties
التعديل الوزاري | cabinet reshuffle
قانون الانتخابات | election law
الانتخابات البلدية | municipal elections
الانتخابات الرئاسية | presidential elections
هيئة النزاهة | integrity commission
المحكمة الدستورية | constitutional court
حقوق الإنسان | human rights
حرية التعبير | freedom of expression
الاحتجاجات | protests
اللامركزية | decentralisation
التعداد السكاني | census
المصالحة الوطنية | national reconciliation
العفو العام | general amnesty
الإصلاح الإداري | administrative reform
""", 2),
    tag_nouns=_rows("""
انتخابات | elections
برلمان | parliament
حكومة | government
دستور | constitution
أحزاب | parties
""", 2),
)

WORLD = Theme(
    key="world",
    actors=_actors("""
الأمم المتحدة | f | the United Nations | n
الأمين العام للأمم المتحدة | m | the UN secretary-general | n
مجلس الأمن الدولي | m | the UN Security Council | n
الاتحاد الأوروبي | m | the European Union | n
جامعة الدول العربية | f | the Arab League | n
الاتحاد الأفريقي | m | the African Union | n
حلف شمال الأطلسي | m | NATO | n
المفوضية الأوروبية | f | the European Commission | n
المفوضية السامية لشؤون اللاجئين | f | the UN refugee agency | n
اللجنة الدولية للصليب الأحمر | f | the International Committee of the Red Cross | n
برنامج الأغذية العالمي | m | the World Food Programme | n
محكمة العدل الدولية | f | the International Court of Justice | n
منظمة التعاون الإسلامي | f | the Organisation of Islamic Cooperation | n
المبعوث الأممي | m | the UN envoy | n
وزارة الخارجية | f | the {n}foreign ministry | y
الرئيس | m | the {n}president | y
رئيس الوزراء | m | the {n}prime minister | y
وزير الخارجية | m | the {n}foreign minister | y
وزيرة الخارجية | f | the {n}foreign minister | y
الجيش | m | the {n}army | y
السفارة | f | the {n}embassy | y
الحكومة | f | the {n}government | y
وفد التفاوض | m | the negotiating delegation | n
منظمة العفو الدولية | f | Amnesty International | n
"""),
    predicates=_predicates("""
يدين | دان | الهجوم على قافلة المساعدات الإنسانية | condemn | condemned | the attack on the humanitarian aid convoy
يدعو | دعا | إلى وقف فوري لإطلاق النار | call | called | for an immediate ceasefire
يستضيف | استضاف | جولة جديدة من المفاوضات بين الأطراف المتنازعة | host | hosted | a new round of talks between the warring parties
يفرض | فرض | عقوبات جديدة على شركات متهمة بتهريب الأسلحة | impose | imposed | new sanctions on companies accused of arms smuggling
يرسل | أرسل | شحنة مساعدات طبية إلى المناطق المنكوبة | send | sent | a shipment of medical aid to the stricken areas
يعقد | عقد | اجتماعًا طارئًا لبحث التصعيد على الحدود | hold | held | an emergency meeting on the escalation at the border
يحذر | حذّر | من كارثة إنسانية وشيكة في المنطقة | warn | warned | of an imminent humanitarian disaster in the region
يستأنف | استأنف | العلاقات الدبلوماسية بعد قطيعة استمرت سنوات | restore | restored | diplomatic relations after years of estrangement
يستدعي | استدعى | السفير للاحتجاج على تصريحات رسمية | summon | summoned | the ambassador to protest official remarks
يعلن | أعلن | التوصل إلى اتفاق مبدئي لتبادل الأسرى | announce | announced | a preliminary prisoner exchange deal
يطالب | طالب | بفتح ممرات آمنة لإجلاء المدنيين | demand | demanded | safe corridors to evacuate civilians
يرحب | رحّب | بقرار تمديد الهدنة الإنسانية | welcome | welcomed | the decision to extend the humanitarian truce
يتبنى | تبنّى | قرارًا بشأن حماية المدنيين في النزاعات | adopt | adopted | a resolution on protecting civilians in conflict
يبحث | بحث | مع الوفد الزائر سبل تعزيز التعاون الثنائي | discuss | discussed | ways to boost bilateral cooperation with the visiting delegation
يوقّع | وقّع | مذكرة تفاهم للتعاون في مجال الطاقة | sign | signed | a memorandum of understanding on energy cooperation
يعرب | أعرب | عن القلق إزاء تدهور الأوضاع الأمنية | express | expressed | concern about the deteriorating security situation
يجري | أجرى | مباحثات هاتفية مع عدد من القادة الإقليميين | hold | held | phone talks with several regional leaders
ينشر | نشر | قوات إضافية على الحدود الشمالية | deploy | deployed | additional troops on the northern border
يغلق | أغلق | المعابر الحدودية أمام حركة الشاحنات | close | closed | border crossings to lorry traffic
يمدد | مدّد | تفويض بعثة حفظ السلام عامًا إضافيًا | extend | extended | the peacekeeping mission's mandate by a year
يرفض | رفض | الاتهامات الواردة في تقرير المنظمة الحقوقية | reject | rejected | the accusations in the rights group's report
يستقبل | استقبل | آلاف اللاجئين الفارين من المعارك | take | took | in thousands of refugees fleeing the fighting
يطلق | أطلق | نداءً عاجلًا لجمع التبرعات للنازحين | launch | launched | an urgent appeal for donations for displaced people
يعلّق | علّق | المساعدات المالية بانتظار نتائج التحقيق | suspend | suspended | financial aid pending the outcome of the investigation
يسعى | سعى | إلى احتواء الأزمة عبر الوساطة | seek | sought | to contain the crisis through mediation
يتهم | اتهم | الطرف الآخر بخرق الهدنة | accuse | accused | the other side of breaching the truce
يجلي | أجلى | رعاياه من مناطق القتال | evacuate | evacuated | its nationals from the combat zones
يفتح | فتح | تحقيقًا في مقتل مدنيين خلال غارة جوية | open | opened | an investigation into the killing of civilians in an air strike
"""),
    speakers=_speakers("""
المتحدث باسم الخارجية | foreign ministry spokesman | m
المتحدثة باسم المنظمة | the organisation's spokeswoman | f
الدبلوماسي السابق | former diplomat | m
الباحث في العلاقات الدولية | international relations researcher | m
الخبيرة في شؤون النزاعات | conflict expert | f
مدير المكتب الإقليمي للمنظمة | the organisation's regional director | m
منسقة الشؤون الإنسانية | humanitarian coordinator | f
"""),
    quotes=_rows("""
الحل العسكري لن يجلب الاستقرار إلى المنطقة | a military solution will not bring stability to the region
المدنيون هم من يدفعون الثمن الأكبر لهذا النزاع | civilians are paying the highest price for this conflict
المجتمع الدولي مطالب بتحمل مسؤولياته كاملة | the international community must shoulder its responsibilities in full
المفاوضات صعبة لكنها لم تصل إلى طريق مسدود | the negotiations are difficult but have not reached a dead end
احترام السيادة الوطنية خط أحمر | respect for national sovereignty is a red line
المساعدات لا تصل إلا إلى جزء صغير من المحتاجين | aid is reaching only a small share of those in need
التصعيد يخدم أطرافًا لا تريد السلام | escalation serves those who do not want peace
الأيام المقبلة ستكون حاسمة | the coming days will be decisive
""", 2),
    contexts=_rows("""
وتشهد المنطقة منذ أشهر تصعيدًا عسكريًا أدى إلى نزوح الآلاف. | The region has seen months of military escalation that has displaced thousands.
وتقول منظمات الإغاثة إن نقص التمويل يهدد استمرار عملياتها. | Relief agencies say a funding shortfall threatens their operations.
وكانت جولات سابقة من المفاوضات قد انتهت دون التوصل إلى اتفاق. | Previous rounds of talks ended without agreement.
وتتبادل الأطراف المتنازعة الاتهامات بخرق التفاهمات السابقة. | The warring parties accuse each other of breaching earlier understandings.
ويأتي هذا التحرك في ظل ضغوط دولية متزايدة لإنهاء الأزمة. | The move comes amid growing international pressure to end the crisis.
""", 2),
    stats=_rows("""
وتقدّر الأمم المتحدة عدد النازحين بأكثر من {m} شخص. | The United Nations estimates that more than {m} people have been displaced.
وتحتاج خطة الاستجابة الإنسانية إلى {n} مليون دولار لم يتوفر منها سوى {p} في المئة. | The humanitarian response plan needs {n} million dollars, of which only {p} per cent has been raised.
وسقط خلال الأسبوع الماضي {n} قتيلًا على الأقل بحسب مصادر طبية. | At least {n} people were killed last week, according to medical sources.
وعبرت الحدود منذ بداية الشهر نحو {m} شاحنة محملة بالمساعدات. | About {m} lorries carrying aid have crossed the border since the start of the month.
""", 2),
    subheads=_rows("""
وساطة إقليمية | Regional mediation
الوضع الإنساني | The humanitarian situation
مواقف دولية | International positions
على خط النار | On the front line
حسابات القوى الكبرى | The great powers' calculations
""", 2),
    topics=_rows("""
الأمم المتحدة | United Nations
مجلس الأمن | Security Council
الاتحاد الأوروبي | European Union
جامعة الدول العربية | Arab League
حلف الناتو | NATO
اللاجئون | refugees
النازحون | displaced people
المساعدات الإنسانية | humanitarian aid
وقف إطلاق النار | ceasefire
العقوبات | sanctions
الدبلوماسية | diplomacy
الهجرة | migration
الأمن الغذائي | food security
القانون الدولي | international law
الأسرى | prisoners
الحدود | borders
الوساطة | mediation
حفظ السلام | peacekeeping
القمة العربية | Arab summit
الشرق الأوسط | Middle East
""", 2),
    tag_nouns=_rows("""
علاقات | relations
حدود | borders
أزمة | crisis
لاجئو | refugees
سفارة | embassy
""", 2),
)

ECONOMY = Theme(
    key="economy",
    actors=_actors("""
البنك المركزي | m | the {n}central bank | y
وزير المالية | m | the {n}finance minister | y
وزيرة الاقتصاد | f | the {n}economy minister | y
وزارة النفط | f | the {n}oil ministry | y
وزارة التجارة | f | the {n}trade ministry | y
هيئة الاستثمار | f | the investment authority | n
صندوق النقد الدولي | m | the International Monetary Fund | n
البنك الدولي | m | the World Bank | n
منظمة أوبك | f | OPEC | n
تحالف أوبك بلس | m | the OPEC+ alliance | n
سوق الأوراق المالية | f | the stock exchange | n
غرفة التجارة | f | the chamber of commerce | n
اتحاد الصناعات | m | the federation of industries | n
شركة الطيران الوطنية | f | the national airline | n
شركة الكهرباء الوطنية | f | the national electricity company | n
هيئة الإحصاء | f | the statistics authority | n
جهاز حماية المستهلك | m | the consumer protection agency | n
شركة النفط الوطنية | f | the national oil company | n
المصرف التجاري الحكومي | m | the state commercial bank | n
الهيئة العامة للجمارك | f | the customs authority | n
صندوق الثروة السيادي | m | the sovereign wealth fund | n
مجلس إدارة الشركة | m | the company's board | n
"""),
    predicates=_predicates("""
يرفع | رفع | سعر الفائدة الرئيسي ربع نقطة مئوية | raise | raised | the key interest rate by a quarter of a percentage point
يخفض | خفّض | توقعات النمو للعام الجاري | cut | cut | growth forecasts for this year
يثبّت | ثبّت | أسعار الفائدة دون تغيير للمرة الثالثة على التوالي | hold | held | interest rates steady for the third time in a row
يطرح | طرح | سندات حكومية بقيمة مليار دولار | issue | issued | government bonds worth a billion dollars
يعلن | أعلن | حزمة حوافز لدعم القطاع الخاص | announce | announced | an incentive package to support the private sector
يوقّع | وقّع | عقدًا لتطوير حقل غاز في الجنوب | sign | signed | a contract to develop a gas field in the south
يقرّ | أقرّ | زيادة في رواتب موظفي القطاع العام | approve | approved | a pay rise for public sector employees
يطلق | أطلق | منصة إلكترونية لتسجيل الشركات الناشئة | launch | launched | an online platform for registering start-ups
يتوقع | توقّع | تراجع معدل التضخم خلال النصف الثاني من العام | expect | expected | inflation to ease in the second half of the year
يحذر | حذّر | من تداعيات ارتفاع الدين العام | warn | warned | of the consequences of rising public debt
يمنح | منح | قرضًا ميسرًا لتمويل مشاريع البنية التحتية | grant | granted | a soft loan to fund infrastructure projects
يخفض | خفّض | الرسوم الجمركية على المواد الأولية | cut | cut | customs duties on raw materials
يعتمد | اعتمد | خطة لتنويع مصادر الدخل بعيدًا عن النفط | approve | approved | a plan to diversify income away from oil
يدرس | درس | مقترحًا لخصخصة عدد من الشركات العامة | study | studied | a proposal to privatise several state companies
يفتتح | افتتح | مصنعًا جديدًا للإسمنت بطاقة إنتاجية كبيرة | open | opened | a new high-capacity cement plant
يزيد | زاد | إنتاج النفط بمئة ألف برميل يوميًا | increase | increased | oil output by a hundred thousand barrels a day
يقلّص | قلّص | الإنفاق الحكومي لسد عجز الموازنة | cut | cut | government spending to close the budget deficit
يسجل | سجّل | فائضًا تجاريًا للمرة الأولى منذ سنوات | record | recorded | a trade surplus for the first time in years
يجذب | جذب | استثمارات أجنبية بمليارات الدولارات | attract | attracted | billions of dollars in foreign investment
يعدّل | عدّل | سعر صرف العملة المحلية أمام الدولار | adjust | adjusted | the exchange rate of the local currency against the dollar
يفرض | فرض | ضريبة جديدة على السلع الكمالية | impose | imposed | a new tax on luxury goods
يؤجل | أجّل | طرح أسهم الشركة في البورصة | postpone | postponed | the company's stock market listing
يستحوذ | استحوذ | على حصة في شركة اتصالات إقليمية | acquire | acquired | a stake in a regional telecoms company
يصرف | صرف | الدفعة الأولى من التعويضات للمزارعين | pay | paid | the first instalment of compensation to farmers
يرفع | رفع | أسعار الوقود للمرة الثانية هذا العام | raise | raised | fuel prices for the second time this year
يحظر | حظر | استيراد عدد من المنتجات الزراعية | ban | banned | imports of several farm products
يموّل | موّل | مشاريع صغيرة لآلاف الشباب العاطلين عن العمل | fund | funded | small businesses for thousands of unemployed young people
"""),
    speakers=_speakers("""
الخبير الاقتصادي | economist | m
الخبيرة الاقتصادية | economist | f
المحلل المالي | financial analyst | m
رئيس غرفة التجارة | chamber of commerce president | m
مديرة قسم الأبحاث في أحد المصارف | head of research at a bank | f
أستاذ الاقتصاد في الجامعة | university economics professor | m
المتحدث باسم وزارة المالية | finance ministry spokesman | m
"""),
    quotes=_rows("""
الاقتصاد يحتاج إلى إصلاحات هيكلية لا إلى مسكنات مؤقتة | the economy needs structural reform, not temporary painkillers
الاعتماد على النفط وحده لم يعد خيارًا ممكنًا | relying on oil alone is no longer an option
الأسواق تتفاعل بإيجابية مع هذه القرارات | the markets are reacting positively to these decisions
المواطن البسيط هو من يتحمل كلفة التضخم | ordinary people bear the cost of inflation
القطاع الخاص قادر على خلق فرص العمل إذا توفرت البيئة المناسبة | the private sector can create jobs if the right environment exists
الأرقام الحالية مطمئنة لكنها تتطلب الحذر | the current figures are reassuring but call for caution
الاستثمار في البنية التحتية هو مفتاح النمو | investing in infrastructure is the key to growth
السيطرة على الأسعار أولوية في المرحلة الحالية | controlling prices is the priority for now
""", 2),
    contexts=_rows("""
ويعاني الاقتصاد من تباطؤ ملحوظ منذ تراجع أسعار النفط. | The economy has slowed markedly since oil prices fell.
وتعتمد الموازنة العامة بصورة شبه كاملة على إيرادات الطاقة. | The general budget depends almost entirely on energy revenue.
وارتفعت أسعار المواد الغذائية في الأسواق المحلية خلال الأشهر الماضية. | Food prices in local markets have risen in recent months.
ويشكو أصحاب المشاريع الصغيرة من صعوبة الحصول على التمويل. | Small business owners complain that finance is hard to come by.
وتراجعت قيمة العملة المحلية أمام الدولار في السوق الموازية. | The local currency has weakened against the dollar on the parallel market.
""", 2),
    stats=_rows("""
وبلغ معدل التضخم {p} في المئة على أساس سنوي، بحسب هيئة الإحصاء. | Annual inflation stood at {p} per cent, according to the statistics authority.
وارتفع المؤشر العام للبورصة بنسبة {p} في المئة في ختام تعاملات الأسبوع. | The stock exchange's main index rose {p} per cent by the end of the week's trading.
وتقدر قيمة الاستثمارات المعلنة بنحو {n} مليار دولار. | The announced investments are estimated at about {n} billion dollars.
وبلغ معدل البطالة بين الشباب {p} في المئة. | Youth unemployment stood at {p} per cent.
ويوفر المشروع نحو {m} فرصة عمل مباشرة وغير مباشرة. | The project will provide about {m} direct and indirect jobs.
وسجلت الصادرات غير النفطية نموًا بنسبة {p} في المئة خلال الربع الأخير. | Non-oil exports grew {p} per cent in the last quarter.
""", 2),
    subheads=_rows("""
انعكاسات على الأسواق | Effects on the markets
الدين العام | Public debt
أسعار المستهلكين | Consumer prices
توقعات النمو | Growth forecasts
رأي القطاع الخاص | The private sector's view
""", 2),
    topics=_rows("""
النفط | oil
الغاز | gas
التضخم | inflation
البطالة | unemployment
الاستثمار | investment
البورصة | stock market
سعر الصرف | exchange rate
الدولار | the dollar
الذهب | gold
الدين العام | public debt
الضرائب | taxes
الموازنة | budget
القطاع الخاص | private sector
الشركات الناشئة | start-ups
الطاقة المتجددة | renewable energy
الزراعة | agriculture
السياحة | tourism
التجارة الخارجية | foreign trade
أوبك | OPEC
صندوق النقد الدولي | IMF
البنك الدولي | World Bank
أسعار الفائدة | interest rates
الرواتب | salaries
العقارات | real estate
الكهرباء | electricity
""", 2),
    tag_nouns=_rows("""
اقتصاد | economy
نفط | oil
موازنة | budget
بورصة | stock market
عملة | currency
""", 2),
)

SPORT = Theme(
    key="sport",
    actors=_actors("""
المنتخب | m | the {n}national team | y
اتحاد كرة القدم | m | the {n}football federation | y
اللجنة الأولمبية | f | the {n}Olympic committee | y
منتخب السيدات | m | the women's national team | n
منتخب الشباب | m | the youth team | n
مدرب المنتخب | m | the national team coach | n
نادي الوحدة | m | Al-Wahda | n
نادي النهضة | m | Al-Nahda | n
نادي الرشيد | m | Al-Rasheed | n
نادي الفتح | m | Al-Fath | n
نادي الشباب | m | Al-Shabab | n
نادي الجزيرة | m | Al-Jazira | n
نادي الأمل | m | Al-Amal | n
نادي الساحل | m | Al-Sahel | n
رابطة الدوري | f | the league association | n
الاتحاد الدولي لكرة القدم | m | FIFA | n
الاتحاد الآسيوي لكرة القدم | m | the Asian Football Confederation | n
حارس المرمى الدولي | m | the international goalkeeper | n
المهاجم الدولي | m | the international striker | n
قائد الفريق | m | the team captain | n
البطلة الأولمبية | f | the Olympic champion | n
العداءة الشابة | f | the young sprinter | n
لجنة الحكام | f | the referees' committee | n
إدارة النادي | f | the club's management | n
"""),
    predicates=_predicates("""
يفوز | فاز | على منافسه بثلاثة أهداف مقابل هدف | beat | beat | the opposition three goals to one
ينتزع | انتزع | تعادلًا ثمينًا في الدقائق الأخيرة | snatch | snatched | a valuable draw in the final minutes
يتأهل | تأهّل | إلى الدور نصف النهائي من البطولة | qualify | qualified | for the tournament semi-finals
يودّع | ودّع | البطولة من الدور الأول | exit | exited | the tournament in the first round
يتعاقد | تعاقد | مع مدرب أجنبي لقيادة الفريق الموسم المقبل | hire | hired | a foreign coach to lead the team next season
يعلن | أعلن | قائمة اللاعبين المشاركين في المعسكر التدريبي | announce | announced | the squad for the training camp
يحرز | أحرز | الميدالية الذهبية في بطولة آسيا | win | won | the gold medal at the Asian championships
يحطم | حطّم | الرقم القياسي في سباق مئتي متر | break | broke | the 200-metre record
يتصدر | تصدّر | جدول ترتيب الدوري بفارق أربع نقاط | top | topped | the league table by four points
يخسر | خسر | أمام ضيفه في مباراة مثيرة | lose | lost | to the visitors in a thrilling match
يستعد | استعد | لمواجهة حاسمة في التصفيات المؤهلة لكأس العالم | prepare | prepared | for a decisive World Cup qualifier
يجدد | جدّد | عقد المهاجم الدولي ثلاثة مواسم | renew | renewed | the international striker's contract for three seasons
يفرض | فرض | عقوبات على ناديين بسبب شغب الجماهير | impose | imposed | sanctions on two clubs over crowd trouble
يقرر | قرّر | إقامة المباراة النهائية على الملعب الوطني | decide | decided | to stage the final at the national stadium
يحسم | حسم | لقب الدوري قبل ثلاث جولات من النهاية | clinch | clinched | the league title with three rounds to spare
يستضيف | استضاف | بطولة إقليمية لألعاب القوى | host | hosted | a regional athletics championship
يتعادل | تعادل | سلبيًا مع منافسه في مباراة الذهاب | draw | drew | goalless in the first leg
يعود | عاد | إلى التدريبات بعد التعافي من الإصابة | return | returned | to training after recovering from injury
يبلغ | بلغ | المباراة النهائية لأول مرة منذ عقدين | reach | reached | the final for the first time in two decades
ينهي | أنهى | الموسم في المركز الثالث | finish | finished | the season in third place
يقيل | أقال | المدرب بعد سلسلة من النتائج السلبية | sack | sacked | the coach after a run of poor results
يطلق | أطلق | أكاديمية لاكتشاف المواهب الصاعدة | launch | launched | an academy to scout rising talent
يحتج | احتج | على قرارات التحكيم في المباراة الأخيرة | protest | protested | refereeing decisions in the last match
يكتسح | اكتسح | منافسه بخماسية نظيفة | thrash | thrashed | the opposition five-nil
يعتمد | اعتمد | تقنية حكم الفيديو في مباريات الدوري | adopt | adopted | video assistant refereeing in league matches
"""),
    speakers=_speakers("""
مدرب الفريق | team coach | m
المدير الفني | technical director | m
قائد المنتخب | national team captain | m
المحلل الرياضي | sports analyst | m
رئيس النادي | club president | m
اللاعبة الدولية | international player | f
مدربة منتخب السيدات | women's team coach | f
"""),
    quotes=_rows("""
الفوز جاء ثمرة عمل جماعي طويل | the win was the fruit of long teamwork
المباراة المقبلة ستكون أصعب بكثير | the next match will be much harder
اللاعبون قدموا كل ما لديهم داخل الملعب | the players gave everything they had on the pitch
الجماهير كانت اللاعب رقم واحد اليوم | the fans were our best player today
نحترم المنافس لكننا نلعب من أجل الفوز فقط | we respect our opponents but we play only to win
الإصابات أثرت على أداء الفريق هذا الموسم | injuries have affected the team's performance this season
الهدف هو المنافسة على اللقب حتى الجولة الأخيرة | the aim is to compete for the title until the last round
الشباب يمثلون مستقبل الكرة في البلاد | young players are the future of football in the country
""", 2),
    contexts=_rows("""
ويخوض الفريق مباراته المقبلة خارج أرضه الأسبوع المقبل. | The team plays its next match away from home next week.
وغاب عن المباراة عدد من اللاعبين الأساسيين بسبب الإصابة. | Several first-team players missed the match through injury.
وشهد الملعب حضورًا جماهيريًا كبيرًا رغم ارتفاع درجات الحرارة. | A big crowd filled the stadium despite the heat.
ويأمل الجهاز الفني في استعادة الانسجام قبل انطلاق التصفيات. | The coaching staff hope to restore cohesion before the qualifiers begin.
وتعرض الفريق لانتقادات واسعة بعد خسارته في الجولة الماضية. | The team faced wide criticism after losing in the previous round.
""", 2),
    stats=_rows("""
ورفع الفريق رصيده إلى {n} نقطة في صدارة الترتيب. | The team moved to {n} points at the top of the table.
وسجّل المهاجم {n} هدفًا منذ بداية الموسم. | The striker has scored {n} goals since the start of the season.
وحضر المباراة أكثر من {m} متفرج. | More than {m} spectators attended the match.
واستحوذ الفريق على الكرة بنسبة {p} في المئة من زمن المباراة. | The team had {p} per cent of possession.
""", 2),
    subheads=_rows("""
شوط أول متكافئ | An even first half
تفاصيل المباراة | Match details
حسابات التأهل | The qualification sums
غيابات مؤثرة | Costly absences
صراع الصدارة | The title race
""", 2),
    topics=_rows("""
كرة القدم | football
الدوري المحلي | domestic league
كأس العالم | World Cup
كأس آسيا | Asian Cup
كأس الأمم الأفريقية | Africa Cup of Nations
دوري أبطال آسيا | AFC Champions League
الألعاب الأولمبية | Olympic Games
ألعاب القوى | athletics
كرة السلة | basketball
كرة اليد | handball
الكرة الطائرة | volleyball
السباحة | swimming
التنس | tennis
الملاكمة | boxing
رفع الأثقال | weightlifting
الانتقالات | transfers
التحكيم | refereeing
المنتخب الوطني | national team
الرياضة النسوية | women's sport
الفروسية | equestrian sport
""", 2),
    tag_nouns=_rows("""
منتخب | national team
دوري | league
ملاعب | stadiums
أندية | clubs
""", 2),
)

CULTURE = Theme(
    key="culture",
    actors=_actors("""
وزارة الثقافة | f | the {n}culture ministry | y
وزير الثقافة | m | the {n}culture minister | y
اتحاد الأدباء | m | the writers' union | n
المتحف الوطني | m | the national museum | n
دار الأوبرا | f | the opera house | n
مهرجان المسرح العربي | m | the Arab Theatre Festival | n
معرض الكتاب الدولي | m | the international book fair | n
هيئة الآثار | f | the antiquities authority | n
الروائية الشابة | f | the young novelist | n
المخرج السينمائي | m | the film director | n
الفرقة الوطنية للفنون الشعبية | f | the national folk arts troupe | n
بيت الحكمة | m | Bayt al-Hikma | n
المكتبة الوطنية | f | the national library | n
لجنة تحكيم الجائزة | f | the prize jury | n
الشاعر المعروف | m | the well-known poet | n
الفنانة التشكيلية | f | the visual artist | n
نقابة الفنانين | f | the artists' union | n
مجمع اللغة العربية | m | the Arabic Language Academy | n
دار النشر | f | the publishing house | n
الفرقة السيمفونية الوطنية | f | the national symphony orchestra | n
"""),
    predicates=_predicates("""
يفتتح | افتتح | معرضًا للفن التشكيلي المعاصر | open | opened | an exhibition of contemporary art
يعلن | أعلن | القائمة القصيرة لجائزة الرواية العربية | announce | announced | the shortlist for the Arabic novel prize
يستعيد | استعاد | قطعًا أثرية مهربة إلى الخارج | recover | recovered | antiquities smuggled abroad
يطلق | أطلق | مشروعًا لرقمنة المخطوطات النادرة | launch | launched | a project to digitise rare manuscripts
يكرّم | كرّم | عددًا من رواد المسرح في حفل خاص | honour | honoured | several theatre pioneers at a special ceremony
يصدر | أصدر | مجموعة قصصية جديدة عن الحياة في المدينة | publish | published | a new short story collection about city life
يحتفي | احتفى | بمئوية ميلاد أحد أبرز شعراء البلاد | celebrate | celebrated | the centenary of one of the country's leading poets
يعرض | عرض | فيلمًا وثائقيًا عن تاريخ الأسواق القديمة | screen | screened | a documentary on the history of the old markets
يرمّم | رمّم | مبنى تراثيًا يعود إلى القرن التاسع عشر | restore | restored | a heritage building dating back to the 19th century
ينظم | نظّم | ورشة للكتابة الإبداعية للشباب | organise | organised | a creative writing workshop for young people
يستضيف | استضاف | أمسية شعرية بمشاركة شعراء من عدة دول | host | hosted | a poetry evening with poets from several countries
يكتشف | اكتشف | مقبرة أثرية قرب الموقع التاريخي | discover | discovered | an ancient tomb near the historic site
يمنح | منح | الجائزة الكبرى لفيلم عن الهجرة | award | awarded | the grand prize to a film about migration
يعيد | أعاد | افتتاح قاعة العروض بعد أعمال الترميم | reopen | reopened | the performance hall after restoration work
يطلق | أطلق | دورة جديدة من مهرجان الأفلام القصيرة | launch | launched | a new edition of the short film festival
يوقّع | وقّع | نسخًا من الرواية الجديدة في معرض الكتاب | sign | signed | copies of the new novel at the book fair
يقدم | قدّم | عرضًا مسرحيًا مستوحى من الحكايات الشعبية | stage | staged | a play inspired by folk tales
يدعو | دعا | إلى حماية المواقع الأثرية من الزحف العمراني | call | called | for protecting archaeological sites from urban sprawl
يختتم | اختتم | فعاليات الأسبوع الثقافي بحفل موسيقي | close | closed | the cultural week with a concert
يتسلّم | تسلّم | مجموعة نادرة من الصور الفوتوغرافية القديمة | receive | received | a rare collection of old photographs
يترجم | ترجم | مختارات من الشعر العربي الحديث إلى عدة لغات | translate | translated | a selection of modern Arabic poetry into several languages
يحيي | أحيا | حفلًا موسيقيًا في المدرج الروماني | give | gave | a concert in the Roman amphitheatre
"""),
    speakers=_speakers("""
الناقد الأدبي | literary critic | m
الناقدة السينمائية | film critic | f
مدير المهرجان | festival director | m
عالم الآثار | archaeologist | m
الروائية | novelist | f
أمين المتحف | museum curator | m
الكاتب المسرحي | playwright | m
"""),
    quotes=_rows("""
الثقافة هي خط الدفاع الأول عن هوية المجتمع | culture is a society's first line of defence for its identity
الجمهور متعطش لأعمال تشبه حياته اليومية | audiences are hungry for work that resembles their daily lives
حماية التراث مسؤولية مشتركة بين الدولة والمجتمع | protecting heritage is a responsibility shared by the state and society
الكتاب الورقي ما زال يحتفظ بمكانته رغم كل شيء | the printed book still holds its place despite everything
المسرح يحتاج إلى دعم حقيقي لا إلى مناسبات موسمية | theatre needs real support, not seasonal occasions
كل قطعة أثرية مستعادة هي صفحة من تاريخنا | every recovered artefact is a page of our history
الجيل الجديد من الكتّاب يملك أدوات مختلفة | the new generation of writers has different tools
""", 2),
    contexts=_rows("""
ويشارك في الدورة الحالية فنانون من أكثر من عشرين دولة. | Artists from more than twenty countries are taking part this year.
وتعاني المؤسسات الثقافية من ضعف التمويل منذ سنوات. | Cultural institutions have suffered from weak funding for years.
وتعرضت مواقع أثرية عدة للنهب خلال سنوات الاضطراب. | Several archaeological sites were looted during the years of turmoil.
ويشهد الإقبال على القراءة بين الشباب تحسنًا ملحوظًا وفق القائمين على المعرض. | The organisers say reading among young people is noticeably on the rise.
ويستمر المعرض حتى نهاية الشهر الجاري ويفتح أبوابه للجمهور مجانًا. | The exhibition runs until the end of the month and is free to the public.
""", 2),
    stats=_rows("""
واستقبل المعرض أكثر من {m} زائر خلال أيامه الأولى. | The fair welcomed more than {m} visitors in its first days.
ويضم المعرض نحو {n} عملًا فنيًا لفنانين من أجيال مختلفة. | The exhibition brings together about {n} works by artists of different generations.
وتقدمت إلى الجائزة {n} رواية من دول عربية عدة. | {n} novels from several Arab countries were submitted for the prize.
وتمت استعادة {m} قطعة أثرية منذ مطلع العقد. | {m} artefacts have been recovered since the start of the decade.
""", 2),
    subheads=_rows("""
ذاكرة المكان | Memory of the place
بين الأصالة والتجديد | Between tradition and renewal
أصوات جديدة | New voices
إقبال جماهيري | Crowds turn out
""", 2),
    topics=_rows("""
الأدب | literature
الرواية | the novel
الشعر | poetry
المسرح | theatre
السينما | cinema
الموسيقى | music
الفن التشكيلي | visual art
الآثار | antiquities
التراث | heritage
المتاحف | museums
معارض الكتاب | book fairs
المهرجانات | festivals
الترجمة | translation
اللغة العربية | Arabic language
المخطوطات | manuscripts
الخط العربي | Arabic calligraphy
الجوائز الأدبية | literary prizes
التصوير الفوتوغرافي | photography
الدراما | drama
المكتبات | libraries
""", 2),
    tag_nouns=_rows("""
آثار | antiquities
سينما | cinema
تراث | heritage
مسرح | theatre
""", 2),
)

TECH = Theme(
    key="tech",
    actors=_actors("""
وزارة الاتصالات | f | the {n}communications ministry | y
هيئة تنظيم الاتصالات | f | the telecoms regulator | n
شركة ناشئة محلية | f | a local start-up | n
شركة التكنولوجيا العملاقة | f | the tech giant | n
فريق البحث في الجامعة | m | the university research team | n
جامعة التكنولوجيا | f | the University of Technology | n
مركز الأمن السيبراني | m | the cybersecurity centre | n
شركة الاتصالات الوطنية | f | the national telecoms company | n
وكالة الفضاء | f | the {n}space agency | y
هيئة الحكومة الرقمية | f | the digital government authority | n
مزود خدمة الإنترنت | m | the internet service provider | n
المهندسة الشابة | f | the young engineer | n
حاضنة الأعمال التقنية | f | the tech incubator | n
منصة التواصل الاجتماعي | f | the social media platform | n
مطوّر التطبيق | m | the app's developer | n
"""),
    predicates=_predicates("""
يطلق | أطلق | خدمة الجيل الخامس في المدن الكبرى | launch | launched | 5G service in major cities
يكشف | كشف | عن تطبيق لحجز المواعيد الطبية إلكترونيًا | unveil | unveiled | an app for booking medical appointments online
يحذر | حذّر | من حملة احتيال إلكتروني تستهدف عملاء المصارف | warn | warned | of an online fraud campaign targeting bank customers
يطوّر | طوّر | نموذجًا للذكاء الاصطناعي يفهم اللهجات العربية | develop | developed | an AI model that understands Arabic dialects
يجمع | جمع | تمويلًا بقيمة خمسة ملايين دولار | raise | raised | five million dollars in funding
يحجب | حجب | عددًا من المواقع المخالفة | block | blocked | several offending websites
يخفض | خفّض | أسعار باقات الإنترنت المنزلي | cut | cut | home internet package prices
يوقّع | وقّع | اتفاقية لمد كابل بحري جديد | sign | signed | an agreement to lay a new submarine cable
يطلق | أطلق | قمرًا صناعيًا لرصد الأحوال الجوية | launch | launched | a weather satellite
يعالج | عالج | ثغرة أمنية خطيرة في نظام الدفع | fix | fixed | a serious security flaw in the payment system
يختبر | اختبر | سيارات ذاتية القيادة في شوارع العاصمة | test | tested | self-driving cars on the capital's streets
يفتتح | افتتح | مركزًا للبيانات هو الأكبر في المنطقة | open | opened | the region's largest data centre
يفرض | فرض | قواعد جديدة لحماية البيانات الشخصية | impose | imposed | new rules to protect personal data
يدرّب | درّب | آلاف الشباب على مهارات البرمجة | train | trained | thousands of young people in coding skills
يستحوذ | استحوذ | على شركة ناشئة متخصصة في الدفع الإلكتروني | acquire | acquired | a start-up specialising in electronic payments
يحقق | حقّق | في تسريب بيانات ملايين المستخدمين | investigate | investigated | a leak of millions of users' data
يوسّع | وسّع | تغطية شبكة الألياف الضوئية إلى الأرياف | expand | expanded | fibre-optic coverage to rural areas
يقدّم | قدّم | نظامًا ذكيًا لإدارة حركة المرور | introduce | introduced | a smart traffic management system
يتيح | أتاح | الدفع عبر الهاتف المحمول في وسائل النقل العام | allow | allowed | mobile phone payments on public transport
ينشر | نشر | دليلًا لحماية الأطفال على الإنترنت | publish | published | a guide to keeping children safe online
"""),
    speakers=_speakers("""
خبير الأمن السيبراني | cybersecurity expert | m
المديرة التنفيذية للشركة | the company's chief executive | f
مؤسس الشركة الناشئة | start-up founder | m
الباحثة في الذكاء الاصطناعي | AI researcher | f
المتحدث باسم هيئة الاتصالات | telecoms regulator spokesman | m
أستاذ هندسة الحاسوب | computer engineering professor | m
"""),
    quotes=_rows("""
البيانات هي نفط القرن الحادي والعشرين | data is the oil of the twenty-first century
المستخدم يجب أن يكون شريكًا في حماية بياناته | users must be partners in protecting their own data
الذكاء الاصطناعي سيغير سوق العمل أسرع مما نتوقع | artificial intelligence will change the job market faster than we expect
البنية التحتية الرقمية لم تعد ترفًا | digital infrastructure is no longer a luxury
الشباب العربي قادر على المنافسة عالميًا | young Arabs can compete globally
الهجمات الإلكترونية أصبحت أكثر تعقيدًا من أي وقت مضى | cyber attacks are more sophisticated than ever
""", 2),
    contexts=_rows("""
ويشكو المستخدمون منذ سنوات من بطء الإنترنت وارتفاع أسعاره. | Users have complained for years about slow and expensive internet.
وتشهد المنطقة نموًا متسارعًا في عدد الشركات الناشئة التقنية. | The region is seeing rapid growth in tech start-ups.
وتزايدت الهجمات الإلكترونية على المؤسسات الحكومية خلال العام الماضي. | Cyber attacks on government institutions increased last year.
ويعمل في القطاع التقني آلاف المهندسين الشباب. | Thousands of young engineers work in the tech sector.
""", 2),
    stats=_rows("""
ويبلغ عدد مستخدمي الإنترنت في البلاد نحو {n} مليون مستخدم. | The country has about {n} million internet users.
وارتفعت سرعة الإنترنت المتوسطة بنسبة {p} في المئة خلال عام. | Average internet speeds rose {p} per cent in a year.
وسجّل التطبيق أكثر من {m} عملية تحميل في أسبوعه الأول. | The app was downloaded more than {m} times in its first week.
وتصدّت الأنظمة لنحو {m} محاولة اختراق خلال الشهر الماضي. | Systems fended off about {m} intrusion attempts last month.
""", 2),
    subheads=_rows("""
كيف تعمل التقنية؟ | How does the technology work?
مخاوف الخصوصية | Privacy concerns
سوق واعدة | A promising market
""", 2),
    topics=_rows("""
الذكاء الاصطناعي | artificial intelligence
الأمن السيبراني | cybersecurity
الإنترنت | internet
الهواتف الذكية | smartphones
التجارة الإلكترونية | e-commerce
الدفع الإلكتروني | electronic payments
الحكومة الإلكترونية | e-government
الجيل الخامس | 5G
الفضاء | space
البرمجة | programming
حماية البيانات | data protection
مواقع التواصل الاجتماعي | social media
الألعاب الإلكترونية | video games
السيارات الكهربائية | electric cars
الروبوتات | robotics
""", 2),
    tag_nouns=_rows("""
اتصالات | telecoms
إنترنت | internet
رقمنة | digitisation
جامعات | universities
""", 2),
)

HEALTH = Theme(
    key="health",
    actors=_actors("""
وزارة الصحة | f | the {n}health ministry | y
وزير الصحة | m | the {n}health minister | y
منظمة الصحة العالمية | f | the World Health Organization | n
نقابة الأطباء | f | the doctors' union | n
المستشفى الجامعي | m | the university hospital | n
مركز مكافحة الأمراض | m | the disease control centre | n
هيئة الغذاء والدواء | f | the food and drug authority | n
الفريق الطبي | m | the medical team | n
الهلال الأحمر | m | the Red Crescent | n
صندوق الأمم المتحدة للطفولة | m | UNICEF | n
دائرة صحة العاصمة | f | the capital's health department | n
نقابة الصيادلة | f | the pharmacists' union | n
مستشفى الأطفال التخصصي | m | the specialist children's hospital | n
"""),
    predicates=_predicates("""
يطلق | أطلق | حملة تطعيم وطنية ضد شلل الأطفال | launch | launched | a national polio vaccination campaign
يحذر | حذّر | من انتشار الأمراض المعدية مع ارتفاع درجات الحرارة | warn | warned | of infectious diseases spreading as temperatures rise
يسجل | سجّل | إصابات جديدة بالحصبة في المناطق الريفية | record | recorded | new measles cases in rural areas
يفتتح | افتتح | مركزًا متخصصًا لعلاج أمراض القلب | open | opened | a specialist heart centre
ينجح | نجح | في إجراء عملية نادرة لفصل توأم ملتصق | succeed | succeeded | in a rare operation to separate conjoined twins
يسحب | سحب | دواءً مغشوشًا من الصيدليات | withdraw | withdrew | a counterfeit drug from pharmacies
يوفر | وفّر | أجهزة غسيل كلى حديثة للمستشفيات | supply | supplied | modern dialysis machines to hospitals
يدعو | دعا | إلى الإقلاع عن التدخين في اليوم العالمي لمكافحته | call | called | for quitting smoking on World No Tobacco Day
يعلن | أعلن | خلو البلاد من مرض الكوليرا | declare | declared | the country free of cholera
يحدد | حدّد | أسعار الأدوية الأساسية | set | set | prices for essential medicines
يطوّر | طوّر | بروتوكولًا جديدًا لعلاج السكري | develop | developed | a new diabetes treatment protocol
يرسل | أرسل | قوافل طبية إلى القرى النائية | send | sent | medical convoys to remote villages
ينشر | نشر | إرشادات للوقاية من ضربات الشمس | publish | published | advice on preventing heatstroke
يوقّع | وقّع | اتفاقًا لتصنيع اللقاحات محليًا | sign | signed | an agreement to manufacture vaccines locally
يرفع | رفع | الطاقة الاستيعابية لأقسام الطوارئ | increase | increased | the capacity of emergency departments
يجري | أجرى | مسحًا وطنيًا لقياس معدلات السمنة | conduct | conducted | a national survey of obesity rates
يعتمد | اعتمد | نظامًا إلكترونيًا للوصفات الطبية | adopt | adopted | an electronic prescription system
يحقق | حقّق | في وفاة مريض بعد عملية جراحية | investigate | investigated | a patient's death after surgery
يطالب | طالب | بزيادة مخصصات القطاع الصحي في الموازنة | demand | demanded | a bigger share for health in the budget
يخصص | خصّص | أجنحة لاستقبال المصابين بأمراض الجهاز التنفسي | set | set | aside wards for patients with respiratory illnesses
يغلق | أغلق | عيادات غير مرخصة في عدة أحياء | close | closed | unlicensed clinics in several districts
"""),
    speakers=_speakers("""
الطبيب الاستشاري | consultant physician | m
الطبيبة المختصة في الأمراض المعدية | infectious disease specialist | f
المتحدث باسم وزارة الصحة | health ministry spokesman | m
مدير المستشفى | hospital director | m
اختصاصية التغذية | nutritionist | f
نقيب الأطباء | head of the doctors' union | m
"""),
    quotes=_rows("""
الوقاية تبقى أقل كلفة من العلاج | prevention remains cheaper than cure
الكوادر الطبية تعمل في ظروف صعبة جدًا | medical staff are working in very difficult conditions
اللقاحات آمنة وفعالة ولا داعي للقلق | the vaccines are safe and effective and there is no cause for alarm
الكشف المبكر ينقذ آلاف الأرواح سنويًا | early detection saves thousands of lives every year
نقص الأدوية مشكلة نعمل على حلها بشكل عاجل | medicine shortages are a problem we are working to solve urgently
الصحة النفسية لا تقل أهمية عن الصحة الجسدية | mental health is as important as physical health
""", 2),
    contexts=_rows("""
وتعاني المستشفيات الحكومية من اكتظاظ ونقص في الكوادر. | Public hospitals are overcrowded and short of staff.
ويضطر كثير من المرضى إلى السفر للخارج لتلقي العلاج. | Many patients have to travel abroad for treatment.
وتشهد البلاد ارتفاعًا في معدلات الإصابة بالأمراض المزمنة. | The country is seeing rising rates of chronic disease.
ويشكو المواطنون من ارتفاع أسعار الأدوية في الصيدليات الخاصة. | Citizens complain of high medicine prices in private pharmacies.
""", 2),
    stats=_rows("""
وتلقى اللقاح حتى الآن أكثر من {m} طفل. | More than {m} children have been vaccinated so far.
وتبلغ نسبة الإصابة بالسكري بين البالغين نحو {p} في المئة. | About {p} per cent of adults have diabetes.
واستقبل قسم الطوارئ {m} حالة خلال الشهر الماضي. | The emergency department received {m} cases last month.
ويضم المركز الجديد {n} سريرًا وغرفًا مجهزة بأحدث المعدات. | The new centre has {n} beds and rooms fitted with the latest equipment.
""", 2),
    subheads=_rows("""
نصائح للمواطنين | Advice for the public
نقص الكوادر | Staff shortages
أعراض يجب الانتباه إليها | Symptoms to watch for
""", 2),
    topics=_rows("""
الصحة العامة | public health
اللقاحات | vaccines
الأمراض المعدية | infectious diseases
السرطان | cancer
السكري | diabetes
أمراض القلب | heart disease
الصحة النفسية | mental health
المستشفيات | hospitals
الأدوية | medicines
التغذية | nutrition
التدخين | smoking
الحصبة | measles
الكوليرا | cholera
طب الأطفال | paediatrics
التأمين الصحي | health insurance
الأوبئة | epidemics
""", 2),
    tag_nouns=_rows("""
صحة | health
مستشفيات | hospitals
أدوية | medicines
لقاحات | vaccines
""", 2),
)

THEMES = {t.key: t for t in (POLITICS, WORLD, ECONOMY, SPORT, CULTURE, TECH, HEALTH)}
# How the paper's output divides between the desks.
THEME_WEIGHTS = {
    "politics": 24, "world": 22, "economy": 16, "sport": 17, "culture": 8, "tech": 6,
    "health": 7,
}

# --------------------------------------------------------------------------------------------
# The standard sections, made when a database has none: (Arabic, English, parent, theme)

STANDARD_SECTIONS = [
    ("سياسة", "Politics", None, "politics"),
    ("عالم", "World", None, "world"),
    ("الشرق الأوسط", "Middle East", "عالم", "world"),
    ("اقتصاد", "Economy", None, "economy"),
    ("أسواق", "Markets", "اقتصاد", "economy"),
    ("رياضة", "Sport", None, "sport"),
    ("كرة القدم", "Football", "رياضة", "sport"),
    ("ثقافة", "Culture", None, "culture"),
    ("تقنية", "Technology", None, "tech"),
    ("صحة", "Health", None, "health"),
]
# To give an existing section a theme: a stem of its Arabic or English name.
_THEME_STEMS = [
    ("politics", ("سياس", "برلمان", "انتخاب", "politic")),
    ("world", ("عالم", "دول", "الشرق", "عرب", "world", "international", "middle east")),
    ("economy", ("اقتصاد", "أسواق", "مال", "أعمال", "econom", "market", "business", "money")),
    ("sport", ("رياض", "كرة", "sport", "football")),
    ("culture", ("ثقاف", "فن", "أدب", "منوع", "cultur", "art", "book")),
    ("tech", ("تقني", "تكنولوج", "علوم", "tech", "science")),
    ("health", ("صح", "طب", "health", "medic")),
]


def theme_for_section(name_ar: str, name_en: str = "", parent_theme: str | None = None) -> str:
    """The theme whose vocabulary fits a section: by its name, else its parent's, else world."""
    names = f"{name_ar or ''} {(name_en or '').lower()}"
    for key, stems in _THEME_STEMS:
        if any(stem in names for stem in stems):
            return key
    return parent_theme or "world"


# --------------------------------------------------------------------------------------------
# People: the seeded bylines and the quoted experts. Made-up pairings of common names.

_MALE_NAMES = _rows("""
أحمد | Ahmed
محمد | Mohammed
علي | Ali
حسن | Hassan
حسين | Hussein
عمر | Omar
خالد | Khaled
يوسف | Youssef
إبراهيم | Ibrahim
مصطفى | Mustafa
سامر | Samer
كريم | Karim
زياد | Ziad
طارق | Tariq
عماد | Imad
وليد | Walid
باسم | Bassem
رامي | Rami
فراس | Firas
نبيل | Nabil
هشام | Hisham
مازن | Mazen
أيمن | Ayman
عادل | Adel
جمال | Jamal
سعيد | Saeed
ماجد | Majed
فيصل | Faisal
ناصر | Nasser
رائد | Raed
حيدر | Haider
مهند | Muhannad
أنس | Anas
بلال | Bilal
حمزة | Hamza
عبد الله | Abdullah
عبد الرحمن | Abdulrahman
منير | Mounir
جلال | Jalal
سليم | Salim
ياسر | Yasser
غسان | Ghassan
نزار | Nizar
وسام | Wissam
لؤي | Louay
مراد | Mourad
إياد | Iyad
شادي | Shadi
قاسم | Qasim
صلاح | Salah
عصام | Issam
نادر | Nader
هاني | Hani
تامر | Tamer
مروان | Marwan
عمرو | Amr
يحيى | Yahya
سيف | Saif
ضياء | Diaa
""", 2)
_FEMALE_NAMES = _rows("""
فاطمة | Fatima
مريم | Maryam
زينب | Zainab
سارة | Sara
نور | Nour
ليلى | Layla
هدى | Huda
رنا | Rana
دينا | Dina
ريم | Reem
لينا | Lina
هالة | Hala
منى | Mona
رشا | Rasha
إيمان | Iman
أسماء | Asmaa
خديجة | Khadija
نادية | Nadia
سعاد | Suad
وفاء | Wafaa
رغد | Raghad
آلاء | Alaa
ياسمين | Yasmine
جنى | Jana
لمى | Lama
هبة | Heba
رهف | Rahaf
سماح | Samah
نسرين | Nisreen
عبير | Abeer
أمل | Amal
بشرى | Bushra
ضحى | Duha
تسنيم | Tasneem
ميس | Mays
رزان | Razan
غادة | Ghada
سهى | Suha
نجلاء | Najlaa
دعاء | Doaa
حنان | Hanan
ملاك | Malak
روان | Rawan
شهد | Shahd
إسراء | Israa
بتول | Batoul
""", 2)
_FAMILY_NAMES = _rows("""
الحداد | Al-Haddad
الجبوري | Al-Jubouri
العبيدي | Al-Obaidi
الربيعي | Al-Rubaie
الخفاجي | Al-Khafaji
السامرائي | Al-Samarrai
التميمي | Al-Tamimi
الدليمي | Al-Dulaimi
الزبيدي | Al-Zubaidi
الشمري | Al-Shammari
العنزي | Al-Anzi
الكعبي | Al-Kaabi
الموسوي | Al-Moussawi
الحسيني | Al-Husseini
الهاشمي | Al-Hashimi
النعيمي | Al-Nuaimi
البياتي | Al-Bayati
القيسي | Al-Qaisi
العاني | Al-Ani
الراوي | Al-Rawi
منصور | Mansour
خوري | Khoury
عيسى | Issa
نصار | Nassar
سلامة | Salameh
عوض | Awad
شاهين | Shahin
زيدان | Zidan
عثمان | Othman
درويش | Darwish
الخطيب | Al-Khatib
الشريف | Al-Sharif
النجار | Al-Najjar
الصباغ | Al-Sabbagh
العطار | Al-Attar
الحلبي | Al-Halabi
الدمشقي | Al-Dimashqi
المصري | Al-Masri
البغدادي | Al-Baghdadi
الموصلي | Al-Mousili
البصري | Al-Basri
التونسي | Al-Tounsi
المغربي | Al-Maghribi
القحطاني | Al-Qahtani
الغامدي | Al-Ghamdi
الزهراني | Al-Zahrani
العتيبي | Al-Otaibi
المطيري | Al-Mutairi
الشهري | Al-Shehri
الهاجري | Al-Hajri
الكبيسي | Al-Kubaisi
المهيري | Al-Muhairi
بن سالم | Ben Salem
بوزيد | Bouzid
العلوي | Al-Alawi
الإدريسي | Al-Idrissi
بنعيسى | Benaissa
الفاسي | Al-Fassi
عبد الهادي | Abdelhadi
عبد الكريم | Abdelkarim
فرحات | Farhat
جابر | Jaber
غانم | Ghanem
سليمان | Suleiman
حمدان | Hamdan
رمضان | Ramadan
عاشور | Ashour
النقيب | Al-Naqib
الجمال | Al-Jamal
الطائي | Al-Taie
الساعدي | Al-Saadi
الكناني | Al-Kinani
الفتلاوي | Al-Fatlawi
الياسري | Al-Yasiri
الخزرجي | Al-Khazraji
الأنصاري | Al-Ansari
الحمداني | Al-Hamdani
الجنابي | Al-Janabi
اللامي | Al-Lami
""", 2)
# Job titles by theme: (Arabic masculine, Arabic feminine, English)
_JOB_TITLES = {
    "politics": ("محرر الشؤون السياسية", "محررة الشؤون السياسية", "Political editor"),
    "world": ("محرر الشؤون الدولية", "محررة الشؤون الدولية", "International affairs editor"),
    "economy": ("مراسل اقتصادي", "مراسلة اقتصادية", "Economics correspondent"),
    "sport": ("محرر رياضي", "محررة رياضية", "Sports editor"),
    "culture": ("محرر ثقافي", "محررة ثقافية", "Culture editor"),
    "tech": ("محرر التقنية", "محررة التقنية", "Technology editor"),
    "health": ("مراسل الشؤون الصحية", "مراسلة الشؤون الصحية", "Health correspondent"),
}
_CONTRIBUTOR_TITLES = [
    ("كاتب", "كاتبة", "Writer"),
    ("صحفي مستقل", "صحفية مستقلة", "Freelance journalist"),
    ("باحث", "باحثة", "Researcher"),
    ("مراسل", "مراسلة", "Correspondent"),
]


@dataclass(frozen=True)
class SeedAuthor:
    name_ar: str
    name_en: str
    staff: bool
    job_title_ar: str
    job_title_en: str
    theme: str

    @property
    def slug(self) -> str:
        return arabic_slug(self.name_ar, 150)


# The outlet and the agency bylines: (slug, Arabic, English). The slugs are load_demo's, so a
# database with the demo content uses the same two authors.
OUTLET = ("الأمصار", "الأمصار", "Al-Amsar")
AGENCY = ("وكالات", "وكالات", "Agencies")


def seed_authors(count: int = 200, staff: int = 35) -> list[SeedAuthor]:
    """`count` invented journalists, most prolific first; the first `staff` are staff.

    Fixed (not drawn from the story seed), so every run finds the same people by slug.
    """
    rng = random.Random("seed_articles authors")
    themes = list(THEME_WEIGHTS)
    theme_weights = list(THEME_WEIGHTS.values())
    seen, authors = set(), []
    while len(authors) < count:
        female = rng.random() < 0.42
        first = rng.choice(_FEMALE_NAMES if female else _MALE_NAMES)
        family = rng.choice(_FAMILY_NAMES)
        name_ar = f"{first[0]} {family[0]}"
        if name_ar in seen:
            continue
        seen.add(name_ar)
        theme = rng.choices(themes, theme_weights)[0]
        is_staff = len(authors) < staff
        title = _JOB_TITLES[theme] if is_staff else rng.choice(_CONTRIBUTOR_TITLES)
        authors.append(SeedAuthor(
            name_ar=name_ar, name_en=f"{first[1]} {family[1]}", staff=is_staff,
            job_title_ar=title[1] if female else title[0], job_title_en=title[2], theme=theme,
        ))
    return authors


# --------------------------------------------------------------------------------------------
# Tags


@dataclass(frozen=True)
class SeedTag:
    name_ar: str
    name_en: str | None
    theme: str | None  # None: a place, fits every desk
    country: int | None = None  # index into PLACES for a country's own tag


def seed_tags(count: int = 2000) -> list[SeedTag]:
    """`count` topic tags, in a fixed order: places, then each desk's topics, then
    "<topic> <country>" pairs (انتخابات العراق، نفط ليبيا…). Fixed, like the authors."""
    tags: list[SeedTag] = []
    for n, place in enumerate(PLACES):
        tags.append(SeedTag(place.ar, _strip_the(place.en), None, n))
    tags.extend(SeedTag(ar, en, None) for ar, en, _n in _CITIES)
    for theme in THEMES.values():
        tags.extend(SeedTag(ar, en, theme.key) for ar, en in theme.topics)
    pairs = [
        SeedTag(f"{noun_ar} {place.ar}", f"{_strip_the(place.en)} {noun_en}", theme.key)
        for place in PLACES
        for theme in THEMES.values()
        for noun_ar, noun_en in theme.tag_nouns
    ]
    pairs += [
        SeedTag(f"{noun_ar} {city_ar}", f"{city_en} {noun_en}", theme)
        for city_ar, city_en, _n in _CITIES
        for noun_ar, noun_en, theme in _CITY_TAG_NOUNS
    ]
    random.Random("seed_articles tags").shuffle(pairs)
    tags.extend(pairs)
    unique, seen_ar, seen_en, seen_slug = [], set(), set(), set()
    for tag in tags:
        slug = arabic_slug(tag.name_ar, 90)
        if tag.name_ar in seen_ar or slug in seen_slug:
            continue
        if tag.name_en and tag.name_en.lower() in seen_en:
            tag = SeedTag(tag.name_ar, None, tag.theme, tag.country)
        seen_ar.add(tag.name_ar)
        seen_slug.add(slug)
        if tag.name_en:
            seen_en.add(tag.name_en.lower())
        unique.append(tag)
    if len(unique) < count:
        raise ValueError(f"only {len(unique)} distinct tags can be made, {count} asked")
    return unique[:count]


# Tags "<noun> <city>": (Arabic construct noun, English, desk)
_CITY_TAG_NOUNS = [
    ("بلدية", "municipality", "politics"),
    ("جامعة", "university", "culture"),
    ("مطار", "airport", "economy"),
    ("أسواق", "markets", "economy"),
]


def _strip_the(text: str) -> str:
    return text[4:] if text.startswith("the ") else text


# --------------------------------------------------------------------------------------------
# Library images: honest descriptions of generated pictures, not pretend photos.

IMAGE_COLOURS = [
    # (Arabic colour words, RGB of the two ends of the gradient)
    ("الأزرق والرمادي", (32, 64, 120), (150, 160, 175)),
    ("الأخضر والأصفر", (30, 100, 60), (220, 200, 90)),
    ("البرتقالي والبني", (210, 110, 40), (90, 60, 40)),
    ("البنفسجي والوردي", (90, 50, 120), (220, 150, 180)),
    ("الأحمر والذهبي", (150, 30, 40), (230, 180, 70)),
    ("الفيروزي والأبيض", (20, 130, 140), (235, 240, 240)),
    ("الكحلي والفضي", (20, 30, 70), (190, 195, 205)),
    ("الرملي والأزرق", (200, 170, 120), (60, 110, 170)),
    ("الزيتوني والعاجي", (100, 110, 50), (240, 230, 200)),
    ("الرمادي الداكن والبرتقالي", (50, 50, 55), (240, 140, 50)),
]
IMAGE_SHAPES = ["دوائر متداخلة", "خطوط مائلة", "مستطيلات متراصة", "أقواس متتالية"]


def image_alt_text(n: int) -> str:
    colours = IMAGE_COLOURS[n % len(IMAGE_COLOURS)][0]
    shapes = IMAGE_SHAPES[(n // len(IMAGE_COLOURS) + n) % len(IMAGE_SHAPES)]
    return f"صورة توضيحية مولّدة: {shapes} بدرجات {colours}"


# --------------------------------------------------------------------------------------------
# Grammar helpers


def _past(verb: str, feminine: bool) -> str:
    # أعلن → أعلنت; a final alif or alif maqsura gives way: نفى → نفت، دعا → دعت
    if not feminine:
        return verb
    return verb[:-1] + "ت" if verb[-1] in "ىا" else verb + "ت"


def _present(verb: str, feminine: bool) -> str:
    # يعلن → تعلن
    return "ت" + verb[1:] if feminine and verb.startswith("ي") else verb


def _third_person(verb: str) -> str:
    if verb == "have":
        return "has"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Stories


@dataclass
class Story:
    """A generated story's text. ``*_en`` are empty when the story has no English edition."""

    title_ar: str
    summary_ar: str
    body_ar: str
    kicker_ar: str = ""
    title_en: str = ""
    summary_en: str = ""
    body_en: str = ""
    kicker_en: str = ""
    place: int = 0  # index into PLACES: the country the story is about


class StoryWriter:
    """Writes one story for a desk (theme) from a `random.Random`.

    A story has a focus: a country, a main actor and what it did. The headline, summary and
    first paragraph tell that; the rest of the body adds reactions, quotes, figures and
    background from the desk's lists, with the odd <h2> sub-heading.
    """

    def __init__(self, rng: random.Random, theme: Theme, *, english: bool):
        # rng.random() and indexing, not rng.choice(): a million stories make ~40 million
        # picks, and choice() costs several times more. Deterministic all the same.
        self.random = rng.random
        self.theme = theme
        self.english = english
        self.place_index = self._pick_country()
        self.place = PLACES[self.place_index]
        self._used: set[str] = set()
        self._last_actor = None

    # Choices

    def _pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def _int(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def _pick_country(self) -> int:
        if self.theme.key == "world":
            return bisect.bisect(_WORLD_COUNTRY_WEIGHTS, self.random() * _WORLD_COUNTRY_WEIGHTS[-1])
        return bisect.bisect(_HOME_COUNTRY_WEIGHTS, self.random() * _HOME_COUNTRY_WEIGHTS[-1])

    def _actor(self, avoid: Actor | None = None) -> tuple[str, str, bool]:
        """(Arabic, English, feminine) of an actor of the desk, with the story's country
        as its nationality when it takes one."""
        actors = self.theme.actors
        n = int(self.random() * len(actors))
        if actors[n] is avoid:
            n = (n + 1) % len(actors)
        actor = self._last_actor = actors[n]
        ar, en = actor.ar, actor.en
        if actor.national:
            ar = f"{ar} {self.place.nisba_f if actor.feminine else self.place.nisba_m}"
            en = en.replace("{n}", f"{self.place.en_adj} ")
        return ar, en, actor.feminine

    def _predicate(self) -> Predicate:
        return self._pick(self.theme.predicates)

    def _person(self) -> tuple[str, str, bool]:
        role_ar, role_en, feminine = self._pick(self.theme.speakers)
        first = self._pick(_FEMALE_NAMES if feminine else _MALE_NAMES)
        family = self._pick(_FAMILY_NAMES)
        return f"{role_ar} {first[0]} {family[0]}", f"{role_en} {first[1]} {family[1]}", feminine

    # Sentences: each returns (Arabic, English); English is "" when not wanted.

    def _event(self, actor, pred: Predicate, time=None, tail=None) -> tuple[str, str]:
        ar_actor, en_actor, feminine = actor
        ar = f"{_past(pred.past, feminine)} {ar_actor}"
        if time:
            ar += f" {time[0]}"
        ar += f" {pred.rest}"
        if tail:
            ar += f"، {tail[0]}"
        en = ""
        if self.english:
            en = f"{_cap(en_actor)} {pred.en_past} {pred.en_rest}"
            if time:
                en += f" {time[1]}"
            if tail:
                en += f", {tail[1]}"
            en += "."
        return ar + ".", en

    def _reported(self) -> tuple[str, str]:
        say_ar, comp, say_en = self._pick(_SAY)
        ar1, en1, fem1 = self._actor()
        ar2, en2, fem2 = self._actor(avoid=self._last_actor)
        pred = self._predicate()
        time = self._pick(_TIMES)
        ar = (f"{_past(say_ar, fem1)} {ar1} {time[0]} {comp} {ar2} "
              f"س{_present(pred.present, fem2)} {pred.rest}.")
        en = ""
        if self.english:
            en = f"{_cap(en1)} {say_en} {time[1]} that {en2} would {pred.en_base} {pred.en_rest}."
        return ar, en

    def _quote(self) -> tuple[str, str]:
        person_ar, person_en, feminine = self._person()
        venue = self._pick(_VENUES)
        # Two people in one story do not say the same words.
        for _attempt in range(4):
            quote = self._pick(self.theme.quotes)
            if quote[0] not in self._used:
                break
        self._used.add(quote[0])
        said = "وقالت" if feminine else "وقال"
        ar = f"{said} {person_ar} {venue[0]} إن «{quote[0]}»."
        en = ""
        if self.english:
            en = f"“{_cap(quote[1])},” {person_en} {self._pick(_QUOTE_VERBS_EN)} {venue[1]}."
        return ar, en

    def _context(self) -> tuple[str, str]:
        if self.random() < 0.25:
            return self._pick(_GENERIC_CONTEXTS)
        return self._pick(self.theme.contexts)

    def _stat(self) -> tuple[str, str]:
        ar, en = self._pick(self.theme.stats)
        # {n} is 11..95: with those, Arabic counts the noun in the singular (٥٤ سريرًا);
        # {m} is a multiple of 250, so it ends in hundreds or thousands (١٢٬٥٠٠ زائر).
        numbers = {
            "p": f"{1.5 + self.random() * 43.5:.1f}",
            "n": str(self._int(11, 95)),
            "m": f"{self._int(12, 480) * 250:,}",
        }
        return ar.format(**numbers), (en.format(**numbers) if self.english else "")

    def _expected(self) -> tuple[str, str]:
        ar_actor, en_actor, feminine = self._actor()
        pred = self._predicate()
        when = self._pick(_FUTURE_TIMES)
        ar = f"ومن المتوقع أن {_present(pred.present, feminine)} {ar_actor} {pred.rest} {when[0]}."
        en = ""
        if self.english:
            en = f"{_cap(en_actor)} is expected to {pred.en_base} {pred.en_rest} {when[1]}."
        return ar, en

    def _earlier(self) -> tuple[str, str]:
        ar_actor, en_actor, feminine = self._actor()
        pred = self._predicate()
        when = self._pick(_PAST_TIMES)
        was = "وكانت" if feminine else "وكان"
        ar = f"{was} {ar_actor} قد {_past(pred.past, feminine)} {pred.rest} {when[0]}."
        en = ""
        if self.english:
            en = f"{_cap(when[1])}, {en_actor} {pred.en_past} {pred.en_rest}."
        return ar, en

    def _connected(self) -> tuple[str, str]:
        connector = self._pick(_CONNECTORS)
        ar, en = self._event(self._actor(), self._predicate(), self._pick(_TIMES))
        return f"{connector[0]}، {ar}", (f"{connector[1]}, {en[0].lower()}{en[1:]}" if en else "")

    # Kinds of sentence, each repeated by how often it comes up.
    _KINDS = (
        ("_connected",) * 3 + ("_reported",) * 3 + ("_quote",) * 3 + ("_context",) * 3
        + ("_stat",) * 2 + ("_expected",) + ("_earlier",) * 2
    )

    def _sentence(self) -> tuple[str, str]:
        # A sentence (a background line, a quote) is used once per story.
        for _attempt in range(4):
            ar, en = getattr(self, self._pick(self._KINDS))()
            if ar not in self._used:
                break
        self._used.add(ar)
        return ar, en

    def _paragraph(self, first: tuple[str, str] | None = None) -> tuple[str, str]:
        """30 to 70 words: sentences until a drawn target is reached, never past 70."""
        target = self._int(30, 70)
        ar_parts, en_parts, words = [], [], 0
        if first:
            ar_parts.append(first[0])
            en_parts.append(first[1])
            words = first[0].count(" ") + 1
        for _attempt in range(12):
            if words >= target:
                break
            ar, en = self._sentence()
            n = ar.count(" ") + 1
            if words + n > 70:
                if words >= 30:
                    break
                continue
            ar_parts.append(ar)
            en_parts.append(en)
            words += n
        return " ".join(ar_parts), " ".join(en_parts)

    # The story

    def headline(self, actor, pred: Predicate) -> tuple[str, str]:
        """8 to 14 words, present tense, subject first: «وزير المالية يطلق خطة…»."""
        ar_actor, en_actor, feminine = actor
        ar = f"{ar_actor} {_present(pred.present, feminine)} {pred.rest}"
        en = f"{_cap(en_actor)} {_third_person(pred.en_base)} {pred.en_rest}"
        words = ar.count(" ") + 1
        # A place and a circumstance, when they fit: more variety, and the short ones reach 8.
        if self.place.cities and (words < 8 or self.random() < 0.3):
            city = self._pick(self.place.cities)
            if words + city[0].count(" ") + 2 <= 14:
                ar, en = f"{ar} في {city[0]}", f"{en} in {city[1]}"
                words += city[0].count(" ") + 2
        if words < 8 or self.random() < 0.4:
            tail = self._pick(_HEADLINE_TAILS)
            if words + tail[0].count(" ") + 1 <= 14:
                ar, en = f"{ar} {tail[0]}", f"{en} {tail[1]}"
                words += tail[0].count(" ") + 1
        if words < 8:
            ar, en = f"{self.place.ar}: {ar}", f"{self.place.en}: {en}"
        return ar, en

    def write(self, *, kicker: bool = False, breaking: bool = False) -> Story:
        actor = self._actor()
        pred = self._predicate()
        for _attempt in range(6):
            title_ar, title_en = self.headline(actor, pred)
            if title_ar.count(" ") + 1 <= 14:
                break
            actor, pred = self._actor(), self._predicate()

        # Summary: what happened, and a line of background when that is short.
        summary = self._event(actor, pred, tail=self._pick(_LEAD_TAILS))
        if summary[0].count(" ") + 1 < 20:
            extra = self._context()
            self._used.add(extra[0])
            summary = (f"{summary[0]} {extra[0]}", f"{summary[1]} {extra[1]}")

        lead = self._event(actor, pred, self._pick(_TIMES), self._pick(_LEAD_TAILS))
        paragraphs = [self._paragraph(first=lead)]
        paragraphs += [self._paragraph() for _n in range(self._int(5, 15) - 1)]

        # Sub-headings in about half the longer stories, never before the third paragraph.
        headings = {}
        if len(paragraphs) >= 6 and self.random() < 0.5:
            for _n in range(self._int(1, min(3, len(paragraphs) // 3))):
                position = self._int(2, len(paragraphs) - 1)
                pool = self.theme.subheads if self.random() < 0.6 else _GENERIC_SUBHEADS
                headings[position] = self._pick(pool)
        # A pull quote now and then.
        pull_quote_at = pull_quote = None
        if self.random() < 0.08:
            pull_quote_at = self._int(2, len(paragraphs) - 1)
            pull_quote = self._pick(self.theme.quotes)

        story = Story(
            title_ar=title_ar, summary_ar=summary[0],
            body_ar=self._html(paragraphs, headings, pull_quote_at, pull_quote, 0),
            place=self.place_index,
        )
        kicker_en = ""
        if breaking or kicker:
            story.kicker_ar, kicker_en = BREAKING_KICKER if breaking else self._pick(KICKERS)
        if self.english:
            story.title_en, story.summary_en = title_en, summary[1]
            story.body_en = self._html(paragraphs, headings, pull_quote_at, pull_quote, 1)
            story.kicker_en = kicker_en
        return story

    @staticmethod
    def _html(paragraphs, headings, pull_quote_at, pull_quote, lang: int) -> str:
        # escape() is belt and braces: no list entry contains markup characters.
        parts = []
        for n, paragraph in enumerate(paragraphs):
            if n in headings:
                parts.append(f"<h2>{escape(headings[n][lang], quote=False)}</h2>")
            if n == pull_quote_at:
                text = f"«{pull_quote[0]}»" if lang == 0 else f"“{_cap(pull_quote[1])}”"
                parts.append(f"<blockquote><p>{escape(text, quote=False)}</p></blockquote>")
            parts.append(f"<p>{escape(paragraph[lang], quote=False)}</p>")
        return "".join(parts)


_HOME_COUNTRY_WEIGHTS = zipf_cum_weights(ARAB_COUNTRIES, s=1.1)
_WORLD_COUNTRY_WEIGHTS = zipf_cum_weights(len(PLACES), s=0.7, offset=1.0)


def write_story(rng: random.Random, theme_key: str, *, english: bool, kicker: bool = False,
                breaking: bool = False) -> Story:
    """One invented story for the desk `theme_key`, drawn from `rng`."""
    return StoryWriter(rng, THEMES[theme_key], english=english).write(
        kicker=kicker, breaking=breaking
    )


def pick_weighted(rng: random.Random, cum_weights: list[float]) -> int:
    """An index drawn with the given cumulative weights (`bisect`, no list of options)."""
    return bisect.bisect(cum_weights, rng.random() * cum_weights[-1])


def vocabulary_size() -> int:
    """How many distinct Arabic words the lists above contain (for the docs and a test)."""
    words = set()

    def add(text):
        words.update(w.strip("«»،.:؟") for w in text.split())

    for theme in THEMES.values():
        for actor in theme.actors:
            add(actor.ar)
        for pred in theme.predicates:
            add(f"{pred.present} {pred.past} {pred.rest}")
        for rows in (theme.quotes, theme.contexts, theme.stats, theme.subheads, theme.topics,
                     theme.tag_nouns):
            for row in rows:
                add(row[0])
        for speaker in theme.speakers:
            add(speaker[0])
    for rows in (_COUNTRIES, _CITIES, _TIMES, _PAST_TIMES, _FUTURE_TIMES, _SAY, _CONNECTORS,
                 _LEAD_TAILS, _HEADLINE_TAILS, _VENUES, _GENERIC_SUBHEADS, _GENERIC_CONTEXTS,
                 _MALE_NAMES, _FEMALE_NAMES, _FAMILY_NAMES):
        for row in rows:
            add(" ".join(row[:3]) if rows is _COUNTRIES else row[0])
    words.discard("")
    return len(words)
