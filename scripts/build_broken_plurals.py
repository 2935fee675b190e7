"""Write search/data/broken_plurals.tsv from the Arramooz Arabic dictionary (docs/search.md,
"Broken plurals").

    pip download --no-deps -d /tmp/arramooz arramooz-pysqlite==0.4.2
    unzip -q -d /tmp/arramooz /tmp/arramooz/arramooz_pysqlite-0.4.2-py3-none-any.whl
    python scripts/build_broken_plurals.py /tmp/arramooz/arramooz/data \
        > search/data/broken_plurals.tsv

The dictionary's nouns table gives each singular's broken plurals (vocalised, with notes);
its word-frequency table ranks the singulars. The most frequent TOP singulars that have a
broken plural are kept, with each plural that folds to a word of its own (not to its
singular, nor to another frequent word that is not its partner).
"""

import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from search.normalize import normalize_for_search  # noqa: E402

VERSION = "0.4.2"
TOP = 450  # singulars, the most frequent first
MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
WORD = re.compile("^[\u0621-\u064a]{2,}$")
NOT_A_PLURAL = {"ج", "جمع", "ات", "تون", "ون", "ين", "من", "غير", "لفظه", "العاقل", "مؤنث", "مذكر"}
# Read by hand, the top of the ranking: singulars that news writing uses mostly as another
# word (a preposition, a weekday, an adverb), whose plural would find it everywhere.
SKIPPED = {
    "شيعة",
    "ماضي",
    "سبت",
    "أخير",
    "ثلاثاء",
    "سواء",
    "كانون",
    "مصير",
    "جيد",
    "طبي",
    "شب",
    "ضد",
    "عديد",
    "تالي",
    "واقع",
    "عدة",
    "مجرد",
    "كافي",
    "عادي",
    "عالي",
    "غاية",
    "سري",
    "جدي",
    "سابق",
    "خاصة",
    "صالح",
    "طبع",
    "قادم",
    "قائم",
    "حر",
    "نطاق",
    "ختام",
    "جناح",
    "مجهول",
    "ضخم",
    "عادة",
}
# Pairs whose plural is rare in news and spelled like a common word of another meaning,
# or spelled like a verb news writing uses often (كتب "wrote", نظم "organised", أسر
# "captured", فرق "separated").
SKIPPED_PAIRS = {
    ("كتاب", "كتب"),
    ("فرقة", "فرق"),
    ("نظام", "نظم"),
    ("أسرة", "أسر"),
    ("أخرى", "أخر"),
    ("بدء", "أبداء"),
    ("ظهر", "أظهار"),
    ("بدل", "أبدال"),
    ("ضرب", "أضراب"),
    ("شريك", "أشراك"),
    ("جمع", "أجماع"),
    ("عجز", "أعجاز"),
    ("ضعف", "أضعاف"),
    ("بديل", "أبدال"),
    ("فقير", "وفقر"),
    ("حاضر", "حضور"),
    ("حاضر", "حضر"),
    ("حاضر", "حواضر"),
    ("نهار", "أنهر"),
    ("نهار", "نهر"),
    ("حلم", "حلوم"),
    ("سوء", "أسواء"),
    ("طبقة", "طبق"),
    ("مريض", "مراض"),
    ("مالك", "ملك"),
    ("مرمى", "مرام"),
    ("مرمى", "المرامي"),
    ("حكم", "حكام"),
    ("جديد", "أجدة"),
    ("سنة", "سنن"),
    ("كبير", "كبائر"),
    ("حق", "حقاق"),
    ("شركة", "شرك"),
    ("شعب", "شعاب"),
    ("كثير", "كثار"),
    ("نقطة", "نقط"),
    ("رجل", "أرجل"),
    ("فريق", "أفرقة"),
    ("حياة", "حيوات"),
    ("أمر", "مرى"),
    ("قائد", "قواد"),
    ("كتاب", "كتاتيب"),
    ("قول", "أقاويل"),
    ("أرض", "أرضون"),
    ("أمة", "إماء"),
    ("فعل", "أفاعيل"),
    ("كلمة", "كلم"),
    ("خدمة", "خدم"),
    ("كامل", "كملة"),
    ("عامل", "عملة"),
    ("نقل", "نقول"),
    ("ضرورة", "ضرائر"),
    ("ماء", "أمواه"),
    ("حملة", "حامل"),
    ("خطوة", "خطاء"),
    ("عرض", "عراض"),
    ("عرض", "أعراض"),
    ("يد", "أياد"),
    ("يد", "الأيادي"),
    ("حاجة", "حوائج"),
    ("نادي", "نواد"),
    ("نادي", "النوادي"),
    ("ملك", "أملاك"),
    ("ملك", "ملائكة"),
    ("قريب", "قرابى"),
    ("قريب", "قرائب"),
    ("صناعة", "صنائع"),
    ("طفل", "طفول"),
    ("طفل", "طفال"),
    ("شبكة", "شباك"),
    ("درجة", "درج"),
    ("حديث", "حداث"),
    ("شرط", "أشراط"),
    ("طريقة", "طرق"),
    ("حجم", "حجوم"),
    ("صغير", "صغراء"),
    ("صغير", "صغائر"),
    ("جبهة", "جباه"),
    ("قتل", "أقتال"),
    ("جرح", "أجراح"),
    ("صاحب", "صحب"),
    ("صاحب", "صحاب"),
    ("قرن", "أقران"),
    ("موعد", "مواعد"),
    ("صعيد", "صعد"),
    ("دار", "دور"),
    ("دار", "ديارة"),
    ("قديم", "قدائم"),
    ("ظهر", "ظهور"),
    ("فضل", "أفضال"),
    ("ساحة", "سوح"),
    ("كاتب", "كتاب"),
    ("صحيح", "أصحاء"),
    ("صحيح", "صحاح"),
    ("شهيد", "وأشهاد"),
    ("معرض", "معاريض"),
    ("فكرة", "فكر"),
    ("رسم", "أرسم"),
    ("شديد", "شداد"),
    ("شديد", "شدود"),
    ("شديد", "شدائد"),
    ("إنسان", "أناسي"),
    ("إنسان", "أناسية"),
    ("سريع", "سراع"),
    ("فرد", "فراد"),
    ("رحلة", "رحل"),
    ("تعليق", "تعاليق"),
    ("زمن", "أزمن"),
    ("جو", "جواء"),
    ("فارق", "فراق"),
    ("خطير", "خطر"),
    ("كون", "أكوان"),
    ("قدر", "قدور"),
    ("شاعر", "شواعر"),
    ("حارس", "حرس"),
    ("عقب", "عقاب"),
    ("فن", "أفنان"),
    ("فن", "أفانين"),
    ("شاهد", "شهد"),
    ("شاهد", "وشهد"),
    ("شاهد", "أشهاد"),
    ("عدل", "أعدال"),
    ("شراء", "أشرية"),
    ("حليف", "وحلفاء"),
    ("حليف", "أحلاف"),
    ("محل", "محال"),
    ("فصيل", "فصال"),
    ("فصيل", "فصلان"),
    ("نقد", "نقود"),
    ("شعار", "شعر"),
    ("شعار", "أشعرة"),
    ("أبيض", "بيض"),
    ("حامل", "حمال"),
    ("قصة", "قصاص"),
    ("دقيق", "أدقة"),
    ("دقيق", "وأدقاء"),
    ("دقيق", "ودقاق"),
    ("دقيق", "ودقائق"),
    ("خير", "خيار"),
    ("جمع", "جموع"),
    ("صرف", "صروف"),
    ("سر", "أسرة"),
    ("شعر", "شعور"),
    ("ضابط", "ضوابط"),
    ("حب", "حبوب"),
    ("حب", "حبان"),
    ("بطاقة", "بطائق"),
    ("ولد", "ولدة"),
    ("كريم", "كرائم"),
    ("لواء", "ألويات"),
    ("سائق", "ساقة"),
    ("شدة", "شدد"),
    ("عماد", "عمد"),
    ("حجر", "حجور"),
    ("صيف", "أصياف"),
    ("باب", "بيبان"),
    ("بحر", "أبحر"),
    ("بحر", "بحور"),
    ("جبل", "أجبال"),
    ("نجم", "أنجم"),
    ("سلطة", "سلط"),
    ("أحد", "آحاد"),
    ("حسب", "أحساب"),
    ("دين", "أديان"),
}


def _skeleton(word: str) -> str:
    """The word with its hamza seats on alef as bare alef: أخبار and إخبار are one spelling
    to a reader's search already, and the plural list adds nothing there."""
    return word.translate(str.maketrans("أإآ", "ااا"))


def plurals_of(field: str) -> list[str]:
    """The plurals in a `broken_plural` field: `;`-separated, each with notes in brackets,
    `+ات` markers (the sound plural also exists) and labels ("جمع غير العاقل : …")."""
    found = []
    for segment in MARKS.sub("", NOTES.sub(" ", field)).split(";"):
        segment = segment.rsplit(":", 1)[-1]
        words = [w for w in segment.split() if not w.startswith("+") and w not in NOT_A_PLURAL]
        if words and WORD.match(words[0]):
            found.append(words[0])
    return found


def main(data_dir: str) -> None:
    data = Path(data_dir)
    freq = defaultdict(int)
    with sqlite3.connect(data / "wordfreq.sqlite") as words:
        for word, count in words.execute(
            "SELECT unvocalized, freq FROM wordfreq WHERE word_type IN ('noun', 'adj')"
        ):
            freq[word] = max(freq[word], count)
    with sqlite3.connect(data / "stopwords.sqlite") as stopwords:
        function_words = {w for (w,) in stopwords.execute("SELECT WORD FROM classedstopwords")}
    plurals = defaultdict(list)
    with sqlite3.connect(data / "arabicdictionary.sqlite") as dictionary:
        for singular, field in dictionary.execute(
            "SELECT unvocalized, broken_plural FROM nouns "
            "WHERE number = 'مفرد' AND broken_plural <> '' ORDER BY id"
        ):
            singular = MARKS.sub("", singular)
            if WORD.match(singular) and singular not in function_words | SKIPPED:
                for plural in plurals_of(field):
                    if plural not in plurals[singular]:
                        plurals[singular].append(plural)
    ranked = sorted((s for s in plurals if freq[s]), key=lambda s: (-freq[s], s))[:TOP]
    # A frequent word other than the pair's own: a plural folding to it would find it.
    frequent = {normalize_for_search(w): w for w in sorted(freq, key=freq.get) if freq[w] >= 500}
    sys.stdout.write(HEADER.format(version=VERSION, top=TOP))
    for singular in ranked:
        key = normalize_for_search(singular)
        for plural in plurals[singular]:
            folded = normalize_for_search(plural)
            if plural in function_words or (singular, plural) in SKIPPED_PAIRS:
                continue
            other = frequent.get(folded, plural)
            if folded == key or other != singular and _skeleton(other) != _skeleton(plural):
                continue
            sys.stdout.write(f"{singular}\t{plural}\n")


HEADER = """\
# Broken plurals of common Arabic nouns and adjectives: singular<TAB>plural, one pair a line.
# Source: Arramooz, Arabic Dictionary for Morphological analysis, by Taha Zerrouki
#   (PyPI package arramooz-pysqlite {version}, its data/arabicdictionary.sqlite, table nouns,
#   column broken_plural), ranked by the same package's data/wordfreq.sqlite.
# Licence: GNU General Public License version 3 (the package's LICENSE file); this list is
#   derived from it and is under the same licence.
# Made by scripts/build_broken_plurals.py: the {top} most frequent singulars with a broken
#   plural, vowel marks dropped, notes removed, and any plural left out that folds (search
#   normaliser) to its singular or to another frequent word
#   spelled otherwise. Do not edit by hand: rebuild.
"""

if __name__ == "__main__":
    main(sys.argv[1])
