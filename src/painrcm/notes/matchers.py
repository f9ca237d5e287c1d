"""Compiled vocabularies: procedure triggers, approach, imaging, muscles, joints, nerves.

Kept apart from the extraction logic so the wording a practice uses can grow in one place.
Every pattern is compiled once at import.

>>> bool(TRIGGERS["epidural"].search("Left L5 TFESI"))
True
>>> joint_size("knee"), joint_size("AC joint"), joint_size("thumb")
('major', 'intermediate', 'small')
"""

from __future__ import annotations

import re

I = re.I


def rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, I)


# --- procedure families (trigger = the procedure is named) ---------------------------------
TRIGGERS: dict[str, re.Pattern] = {
    "scs": rx(r"\bspinal cord stim\w*|\bSCS\b|dorsal column stim\w*|\bneurostimulat\w*|"
              r"\b(?:implantable )?pulse generator\b|\bIPG\b|stimulator (?:trial|leads?|implant)"),
    "blood_patch": rx(r"\bblood patch\w*|\bEBP\b"),
    "epidural_catheter": rx(r"\bcontinuous (?:epidural )?infusion|\bintermittent bolus|\bcatheter was (?:left in place|"
                            r"secured|tunnel+ed|connected)|\btunnel+ed (?:epidural )?catheter"),
    "epidurogram_only": rx(r"\bepidurogra(?:m|phy)\b"),
    "lysis": rx(r"\blysis of (?:epidural )?adhesions|\badhesiolysis|\bneuroplasty\b|\bhyaluronidase|\bWydase|"
                r"\bHylenex"),
    "discography": rx(r"\bdiscogra\w*|\bdiscogram\w*"),
    "pump": rx(r"\bintrathecal (?:drug delivery |infusion )?pump|\bSynchroMed|\b(?:programmable|implantable) "
               r"(?:infusion )?pump|\bpump (?:implant\w*|placement|refill)"),
    "augmentation": rx(r"\bkyphoplast\w*|\bvertebroplast\w*|\bvertebral augmentation"),
    "rfa": rx(r"\bradio\s?-?frequency|\bRFA\b|\bRFTC\b|\brhizotom\w*|\bneurotom\w*|\bthermocoagulat\w*|"
              r"\b(?:thermal |nerve |RF )ablation|\bablation of|\blesion(?:ing|ed)\b|"
              r"\blesions? (?:was|were) (?:made|created|performed)|\bcryo\w*(?:ablation|neurolysis)|"
              r"\bcooled RF"),
    "facet": rx(r"\bmedial branch(?:es)?(?: nerves?)?(?: blocks?| injections?)|\bMBBs?\b|"
                r"\bfacet (?:joint )?(?:injections?|blocks?|nerve blocks?|arthrogram)|\bfacet joints?\b|"
                r"\bintra-?articular facet|\bzygapophys\w*|\bfacets\b"),
    "si_joint": rx(r"\bsacroiliac\b|\bSI[- ]joints?\b|\bSIJ\b|\bS\.I\. joints?\b|\bSI injections?\b"),
    "epidural": rx(r"\b(?:TF|IL|C|L|T)?ESIs?\b|\bepidural (?:steroid |corticosteroid )?(?:injections?|blocks?)|"
                   r"\btransforaminal\b|\binterlaminar\b|\bintralaminar\b|\btranslaminar\b|"
                   r"\bcaudal (?:epidural|injections?|blocks?|ESI|approach|canal)|\bsacral hiatus|"
                   r"\bselective nerve root (?:blocks?|injections?)|\bSNRBs?\b|"
                   r"\bnerve root (?:blocks?|injections?)|\bepidural steroids?\b|\bepidurals?\b(?! space)"),
    "tpi": rx(r"\btrigger[- ]?points? (?:inj\w*)|\bTPIs?\b|\binject\w* (?:into )?(?:the |multiple |"
              r"several |\d+ |two |three |four )?(?:\w+ )?trigger[- ]?points?|\btrigger[- ]?points? (?:were|was) "
              r"(?:injected|treated|needled)|\btrigger[- ]?point (?:therapy|procedure)"),
    "carpal_tunnel": rx(r"\bcarpal tunnels?\b"),
    "tendon": rx(r"\bplantar fascia\w*|\bheel\b|\bcalcane\w*|\btendon sheath|\btrigger finger|\bde ?quervain|\bepicondylitis|"
                 r"\bepicondylar (?:tendon|injection|origin)|\bcommon extensor (?:tendon|origin)|"
                 r"\btennis elbow|\bgolfer'?s elbow|\bbicipital tendon|\bbiceps tendon|\bligament injection"),
    "joint": rx(r"\b(?:knee|shoulder|hip|glenohumeral|subacromial|trochanteric|greater trochanter\w*|"
                r"acromioclavicular|AC joint|wrist|elbow|ankle|finger|toe|thumb|carpometacarpal|CMC|"
                r"metacarpophalangeal|MCP|interphalangeal|MTP|metatarsophalangeal|olecranon|prepatellar|"
                r"pes anserin\w*|subdeltoid|temporomandibular|TMJ|trochanter\w*|bursa|bursae)s?\b"),
    "nerve_block": rx(r"\b(?:greater |lesser |third )?occipital (?:nerves? )?(?:blocks?|injections?)|"
                      r"\bONBs?\b|\bICNBs?\b|\bintercostal (?:nerves? )?(?:blocks?|injections?)|\bsciatic (?:nerve )?block|"
                      r"\bsacral lateral branch\w* (?:nerve )?blocks?|\blateral branch (?:nerve )?blocks?|"
                      r"\bdorsal ram(?:us|i) (?:nerve )?blocks?|\bsacral alar notch|\bposterior rami (?:nerve )?"
                      r"(?:blocks?|injections?)|"
                      r"\bfemoral (?:nerve )?block|\bsuprascapular (?:nerve )?(?:block|injection)|"
                      r"\bilioinguinal|\biliohypogastric|\bgenicular (?:nerves? )?(?:blocks?|injections?)|"
                      r"\bstellate gangli\w*|\bSGB\b|\bGONB?\b|\boccipital nerves? (?:was|were) (?:approached|injected|blocked|targeted)|\blumbar sympathetic|\bthoracic sympathetic|\bceliac plexus|"
                      r"\bceliac (?:nerve |ganglion )?block|\bsuperior hypogastric|\bhypogastric plexus|\bsphenopalatine|\bSPG block|"
                      r"\bganglion impar|\bimpar block|\bpudendal (?:nerve )?block|"
                      r"\blateral femoral cutaneous|\bmorton'?s neuroma|\b(?:plantar )?digital nerve block|"
                      r"\binterdigital (?:nerve|neuroma)|\btrigeminal (?:nerve )?block|"
                      r"\b(?:saphenous|peroneal|tibial|radial|ulnar|median|obturator|pudendal|"
                      r"genitofemoral|cluneal|supraorbital|auriculotemporal|superior gluteal|inferior gluteal) "
                      r"nerve (?:block|injection)|\b(?:superior|inferior) gluteal nerve"),
}

def _abbrev(p: re.Pattern) -> re.Pattern:
    src = re.sub(r"block(s\?)?", lambda m: "(?:block|blk)" + (m.group(1) or ""), p.pattern)
    src = src.replace("injections?", "(?:injections?|inj\\w*)")
    return re.compile(src, p.flags)


TRIGGERS = {k: _abbrev(v) for k, v in TRIGGERS.items()}

# Cheap prefilter: a family's trigger regex runs only on a sentence holding one of these
# lower-case substrings (the regexes are ~20x slower than substring tests).
TRIGGER_KEYS: dict[str, tuple[str, ...]] = {
    "scs": ("stim", "scs", "generator", "ipg"),
    "blood_patch": ("patch", "ebp"),
    "epidural_catheter": ("infusion", "bolus", "catheter"),
    "epidurogram_only": ("epidurogra",),
    "lysis": ("lysis", "neuroplasty", "hyaluronidase", "wydase", "hylenex"),
    "discography": ("discogra",),
    "pump": ("pump",),
    "augmentation": ("plast", "augmentation"),
    "rfa": ("radio", "rfa", "rftc", "rhizotom", "neurotom", "thermocoag", "ablation", "lesion", "cryo",
            "cooled"),
    "facet": ("medial branch", "mbb", "facet", "zygapophys"),
    "si_joint": ("sacroiliac", "si", "s.i."),
    "epidural": ("esi", "epidural", "transforaminal", "laminar", "caudal", "nerve root", "snrb"),
    "tpi": ("trigger", "tpi"),
    "carpal_tunnel": ("carpal",),
    "tendon": ("plantar", "heel", "calcane", "tendon", "trigger finger", "quervain", "epicondyl", "elbow",
               "ligament"),
    "joint": ("knee", "shoulder", "hip", "glenohumeral", "subacromial", "trochant", "acromioclavicular", "ac ",
              "wrist", "elbow", "ankle", "finger", "toe", "thumb", "cmc", "carpometacarpal", "mcp",
              "metacarpophalangeal", "interphalangeal", "mtp", "metatarsophalangeal", "olecranon", "prepatellar",
              "anserin", "subdeltoid", "temporomandibular", "tmj", "bursa"),
    "nerve_block": ("occipital", "onb", "blk", "sgb", "gon", "icnb", "intercostal", "sciatic", "femoral", "suprascapular", "ilioinguinal",
                    "iliohypogastric", "genicular", "stellate", "sympathetic", "celiac", "hypogastric",
                    "sphenopalatine", "spg", "impar", "pudendal", "morton", "digital", "trigeminal", "nerve",
                    "lateral branch", "dorsal ram", "alar notch", "posterior rami", "gluteal"),
}

TRIGGER_KEY_RX = {fam: re.compile("|".join(re.escape(k) for k in keys)) for fam, keys in TRIGGER_KEYS.items()}

# --- nerve-block targets -> (target key); order matters -----------------------------------
NERVE_TARGETS: tuple[tuple[str, re.Pattern], ...] = (
    ("celiac", rx(r"celiac")),
    ("superior_hypogastric", rx(r"hypogastric")),
    ("ganglion_impar", rx(r"ganglion impar|impar")),
    ("stellate", rx(r"stellate|\bSGB\b")),
    ("lumbar_sympathetic", rx(r"lumbar sympathetic|thoracic sympathetic|paravertebral sympathetic")),
    ("sphenopalatine", rx(r"sphenopalatine|SPG")),
    ("genicular", rx(r"genicular")),
    ("si_lateral_branch", rx(r"lateral branch|dorsal ram|alar notch|posterior rami")),
    ("occipital", rx(r"occipital|\bONB|\bGON")),
    ("intercostal", rx(r"intercostal|\bICNB")),
    ("sciatic", rx(r"sciatic")),
    ("lateral_femoral_cutaneous", rx(r"lateral femoral cutaneous")),
    ("femoral", rx(r"femoral")),
    ("suprascapular", rx(r"suprascapular")),
    ("ilioinguinal", rx(r"ilioinguinal|iliohypogastric")),
    ("pudendal", rx(r"pudendal")),
    ("digital", rx(r"morton|digital nerve|interdigital")),
    ("trigeminal", rx(r"trigeminal|supraorbital")),
    ("peripheral", rx(r"nerve (?:block|injection)")),
)

NEUROLYSIS = rx(r"\bneurolys\w*|\bneurolytic|\b(?:dehydrated )?alcohol\b|\bphenol\b")
CONTINUOUS = rx(r"\bcontinuous\b|\bcatheter\b")

# --- epidural approach ------------------------------------------------------------------
APPROACH_STRONG = (
    ("transforaminal", rx(r"\btransforaminal|\bTFESIs?\b|\bTF\b|\bselective nerve root|\bSNRBs?\b|"
                          r"\bnerve root (?:block|injection)|\bforaminal (?:epidural|injection|approach|ESI)")),
    ("caudal", rx(r"\bcaudal (?:epidural|injections?|blocks?|ESI|approach|canal)|\bsacral hiatus|\bcaudally via")),
    ("interlaminar", rx(r"\binterlaminar|\bintralaminar|\btranslaminar|\bILESIs?\b|\bparamedian approach|"
                        r"\bIL\b")),
)
APPROACH_WEAK = (
    ("interlaminar", rx(r"\bloss of resistance|\bTuohy|\bhanging drop|\bligamentum flavum")),
    ("transforaminal", rx(r"\bneural foram\w*|\bintervertebral foram\w*|\bsafe triangle|\b6 o'?clock|"
                          r"\bsubpedicular|\bforamen\b")),
)

# --- imaging --------------------------------------------------------------------------
MODALITY = (
    ("ultrasound", rx(r"\bultrasound\w*|\bsonograph\w*|\bUS[- ](?:guid\w*|guidance)|\bU/S\b|"
                      r"\bunder US\b|\bUSG\b")),
    ("ct", rx(r"\bCT[- ]guid\w*|\bCT guidance|\bcomputed tomograph\w* guid\w*|\bCT fluoroscop\w*|"
              r"\bunder CT\b")),
    ("fluoroscopy", rx(r"\bfluoroscop\w*|\bfluoro\b|\bC-?arm\b|\bimage intensifier|\bunder (?:AP|lateral|"
                       r"oblique) (?:fluoro|imaging|views?)|\bradiographic guidance|\bimage guid\w*|"
                       r"\bimaging guid\w*|\bguided by (?:AP|lateral)")),
)
NO_IMAGING = rx(r"\bguidance:\s*[\[(]x[\])]\s*none|\b(?:no|without) (?:fluoroscop\w*|fluoro|imaging|image guidance|imaging guidance|"
                r"ultrasound|CT|radiographic)|\blandmark[- ](?:based|guided|technique)|\bby palpation\b|"
                r"\bblind(?:ly)?\b(?! spot)|(?:fluoroscop\w*|imaging|ultrasound|image guidance) "
                r"(?:was|were) not (?:used|utilized|employed)")
PERMANENT = rx(r"\b(?:images?|films?|pictures?|radiographs?|views?|fluoroscop\w* images?|spot films?|"
               r"screenshots?|stills?|recordings?)\b[^.]{0,60}?\b(?:saved|stored|retained|archived|"
               r"recorded|kept|printed|uploaded|captured|preserved|placed in|filed)\b|"
               r"\bpermanent(?:ly)? (?:recorded|record|image|copy|recording|documentation)|\bhard ?cop(?:y|ies)|"
               r"\b(?:saved|stored|archived|retained|uploaded) (?:to|in|into|on) (?:the )?(?:PACS|chart|"
               r"record|EMR|EHR|medical record|patient'?s? (?:chart|record))|\bimages? (?:were |was )?"
               r"(?:saved|stored|retained|archived)")
INTERPRETATION = rx(r"\b(?:confirm\w*|verif\w*|demonstrat\w*|show(?:ed|s|ing)?|reveal\w*|document\w*|"
                    r"visualiz\w*)\b[^.]{0,60}\b(?:needle|placement|position|spread|flow|tip|contrast|"
                    r"dye|epidurogram|arthrogram|outlin\w*|filling)|\b(?:contrast|dye|omnipaque|"
                    r"isovue)\b[^.]{0,60}\b(?:spread|flow|outlin\w*|fill\w*|track\w*|pattern|confirm\w*|"
                    r"demonstrat\w*|show\w*|seen|noted|without (?:vascular|intravascular))|"
                    r"\binterpretation\b|\binterpreted\b|\breport(?:ed)? of (?:the )?(?:images?|imaging|"
                    r"findings)|\bfindings\b[^.]{0,30}(?:images?|fluoroscop|ultrasound)")

# --- joints -----------------------------------------------------------------------------
_JOINT_SIZE = (
    ("small", rx(r"finger|toe|thumb|carpometacarpal|\bCMC|metacarpophalangeal|\bMCP|interphalangeal|"
                 r"\bPIP|\bDIP|\bMTP|metatarsophalangeal")),
    ("intermediate", rx(r"acromioclavicular|\bAC\b|wrist|elbow|ankle|olecranon|temporomandibular|\bTMJ")),
    ("major", rx(r"knee|shoulder|hip|glenohumeral|subacromial|trochanter\w*|prepatellar|pes anserin\w*|"
                 r"subdeltoid|bursa")),
)


def joint_size(name: str) -> str | None:
    """'major', 'intermediate' or 'small' for a joint or bursa name."""
    for size, pat in _JOINT_SIZE:
        if pat.search(name):
            return size
    return None


JOINT_NAME = rx(r"\b(?:bursa|knees?|shoulders?|hips?|glenohumeral|subacromial|trochanteric|(?:greater |mid-?)?trochanter\w*|"
                r"acromioclavicular|AC|wrists?|elbows?|ankles?|fingers?|toes?|thumbs?|carpometacarpal|CMC|"
                r"metacarpophalangeal|MCP|interphalangeal|MTP|metatarsophalangeal|olecranon|prepatellar|"
                r"pes anserin\w*|subdeltoid|temporomandibular|TMJ)\b")
JOINT_ACTION = rx(r"\binject\w*|\binj\b|\baspirat\w*|\barthrocentesis|\bintra-?articular|\bbursa\w*|\bblock\b|"
                  r"\bintroduced into|\bentered\b|\bneedle (?:was )?(?:placed|advanced|directed) into")

IMAGING_KEYS = re.compile(r"fluoro|c-?arm|ultraso|sonograph|\bus\b|u/s|usg|\bct\b|computed|image|imaging|radiograph|"
                          r"landmark|palpation|blind|guidance|\[x\]|\(x\)")
EVIDENCE_KEYS = re.compile(r"saved|stored|retained|archived|recorded|kept|printed|uploaded|captured|preserved|"
                           r"permanent|hard ?cop|placed in|filed|confirm|verif|demonstrat|show|reveal|document|"
                           r"visualiz|contrast|dye|omnipaque|isovue|interpret|report|findings")

# --- trigger-point muscles ---------------------------------------------------------------
MUSCLE = rx(
    r"\b(?:upper |middle |lower )?trapezius|\blevator scapulae?|\brhomboids?(?: major| minor)?|"
    r"\bsplenius(?: capitis| cervicis)?|\bsemispinalis(?: capitis| cervicis)?|\bsternocleidomastoid|\bSCM\b|"
    r"\bscalenes?(?: anterior| medius| posterior)?|\binfraspinatus|\bsupraspinatus|\bteres (?:major|minor)|"
    r"\bdeltoid|\bpectoralis(?: major| minor)?|\blatissimus(?: dorsi)?|\bserratus(?: anterior| posterior)?|"
    r"\b(?:lumbar |cervical |thoracic )?paraspinals?(?: muscles?)?(?!\s+(?:region|area))|\b(?:lumbar |cervical |thoracic )?"
    r"paravertebral muscles?|\berector spinae|\bmultifidus|\biliocostalis|\blongissimus|"
    r"\bquadratus lumborum|\bQL\b|\bgluteus (?:maximus|medius|minimus)|\bgluteal(?: muscles?)?|\bgluteus|"
    r"\bpiriformis|\bpsoas|\biliopsoas|\btensor fascia(?:e)? lata(?:e)?|\bTFL\b|\bmasseter|\btemporalis|"
    r"\boccipitalis|\bsuboccipitals?(?: muscles?)?|\bgastrocnemius|\bhamstrings?|\bquadriceps|"
    r"\bvastus (?:lateralis|medialis)|\bbiceps|\btriceps|\bforearm extensors?|\bintercostals?(?= muscle)|"
    r"\babdominal wall|\brectus abdominis|\bobliques?")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "single": 1, "a single": 1}
MUSCLE_COUNT = rx(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:separate\s+|distinct\s+|"
                  r"different\s+)?(?:muscles|muscle groups)\b")

# --- SCS ---------------------------------------------------------------------------------
SCS_PROGRAMMING = rx(r"\bprogramm\w*|\binterrogat\w*|\breprog\w*|\bparameters?\b.{0,30}\b(?:adjust|chang)|"
                     r"\belectronic analysis|\banalysis of (?:the )?(?:implanted )?(?:neuro)?stimulator")
SCS_IMPLANT_ACTION = rx(r"\b(?:leads?|generator|IPG|electrodes?|neurostimulator|device|array)\b[^.]{0,80}\b(?:was|were) "
                        r"(?:placed|implanted|inserted|advanced|connected|tunnel+ed|anchored)|\bpocket was created|"
                        r"\bincision was made|\b(?:placement|implantation|insertion) of (?:the )?(?:spinal cord stimulator|"
                        r"SCS|leads?|(?:pulse )?generator|IPG|paddle)|\b(?:removal|explant\w*|revision) of")
SCS_REMOVAL = rx(r"\bremov\w*|\bexplant\w*|\bextract\w*")
SCS_REVISION = rx(r"\brevis\w*|\breposition\w*|\breplac\w*")
SCS_PADDLE = rx(r"\bpaddle|\blaminectomy|\blaminotomy|\bsurgical lead|\bplate electrode")
SCS_GENERATOR = rx(r"\b(?:implantable )?pulse generator|\bIPG\b|\bgenerator|\bbattery")
SCS_LEAD = rx(r"\bleads?\b|\barray|\belectrodes?\b")
SCS_TRIAL = rx(r"\btrial\b")
SCS_PARAM_NAMES = rx(r"\b(?:amplitude|amp|pulse width|frequency|rate|contacts?|electrode configuration|"
                     r"polarity|cycl(?:ing|e mode|e)|burst|waveform|dose|intensity|pulse duration|electrodes?)\b")
SCS_PARAM_CANON = {"amp": "amplitude", "rate": "frequency", "contact": "contacts", "electrode": "contacts",
                   "electrodes": "contacts", "electrode configuration": "contacts", "cycle": "cycling",
                   "cycle mode": "cycling", "burst": "waveform", "intensity": "amplitude",
                   "pulse duration": "pulse width", "polarity": "contacts"}
SCS_PARAM_COUNT = rx(r"\b(\d|one|two|three|four|five|six|seven|eight)\s+parameters?\b")
DEVICE_TYPE = (
    ("integrated_rechargeable", rx(r"\bintegrated (?:neuro)?stimulator|\bintegrated device|\ball implantable components")),
    ("non_rechargeable", rx(r"\bnon-?rechargeable|\bprimary cell|\bnot rechargeable")),
    ("rechargeable", rx(r"\brechargeable\b|\brecharg\w+ (?:IPG|generator|battery)")),
    ("external", rx(r"\bexternal (?:generator|controller|stimulator)|\bexternal trial")),
)

# --- misc -------------------------------------------------------------------------------
RELIEF = rx(r"(\d{1,3})\s?%\s*(?:and\s+\d{1,3}\s?%\s*)?(?:or (?:greater|more)\s*)?(?:pain\s*)?(?:relief|improvement|"
            r"reduction|decrease|better)|(?:relief|improvement|reduction)\s+(?:of\s+)?(?:approximately\s+|about\s+|"
            r"greater than\s+|>\s*)?(\d{1,3})\s?%")
DURATION = rx(r"(?:\bfor|\blasting|\bx|\bover|\bduring|\bduration(?: of)?:?)\s*(?:about\s+|approximately\s+|at least\s+)?(\d+(?:\.\d+)?|one|two|three|"
              r"four|five|six|eight|twelve|several)\s*(?:-\s*\d+\s*)?(hours?|hrs?|h\b|days?|weeks?|wks?|months?)\b|"
              r"\b(\d+|one|two|three|four|six|eight)\s*(?:-\s*\d+\s*)?(hours?|hrs?|days?|weeks?)\s+(?:of|duration)")
PRIOR_BLOCKS = rx(r"\b(?:prior|previous|two|2|diagnostic|confirmatory|comparative)\b[^.]{0,40}\b(?:blocks?|MBBs?|"
                  r"injections?)\b|\bMBBs? x ?\d|\bblocks? x ?\d")
PERFORMED = rx(r"\b\d+(?:\.\d+)?\s*(?:cc|mL|ml|mg)\b(?! (?:daily|bid|tid|qhs|po|p\.o\.))|"
               r"\b(?:performed|done|completed|administered|given|injected|placed|carried out|"
               r"underwent|received|proceeded|we did|was treated|were treated|today)\b")
DIAGNOSTIC = rx(r"\bdiagnostic\b|\bMBB|\bmedial branch (?:nerve )?block|\bconfirmatory|\bcomparative")
THERAPEUTIC = rx(r"\btherapeutic\b|\bintra-?articular\b|\bsteroid|\bDepo-?Medrol|\bKenalog|\btriamcinolone|"
                 r"\bmethylprednisolone|\bdexamethasone")
CPT_PRINTED = re.compile(r"(?<![\d.\-/])(?:CPT[:#\s]*)?((?:[0-9]{4}[0-9T]|[A-Z][0-9]{4}))(?![\d\-/])")
