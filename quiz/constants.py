"""Every string the terminal shows that is not content of the question bank.

Content (questions, themes, bands, notes, the welcome) lives in questions.json so that its
owner can change it without touching Python; these are the tool's own words.
"""

PROG = "ai-mba-fit"
DEFAULT_REPORT_NAME = "ai-mba-fit-report"

BACK = "← Back to the previous question"
WENT_BACK = "↩ Back to the previous question"
BACK_TO_REVIEW = "← Back to the review, keeping this answer"
WENT_BACK_TO_REVIEW = "↩ Back to the review, the answer kept"
BACK_ALONE = "Choose “Back” on its own, or your answers without it"
EXCLUSIVE = "“{label}” goes on its own"
CHOOSE_AT_LEAST = "Choose at least {count}"
CHOOSE_AT_MOST = "Choose at most {count}"
PROGRESS = "{section} · question\u00a0{number}\u00a0of\u00a0{total}"
START = "Press any key to start (Ctrl-C leaves at any point, and keeps the answers given)"
WELCOME_COUNT = "{count} questions, about {minutes} minutes. Nothing you type leaves this machine."
WELCOME_LEFT = "From your saved answers: {answered} of {total} questions answered, {count} left."
WELCOME_LEFT_ONE = "From your saved answers: {answered} of {total} questions answered, 1 left."
WELCOME_ALL_ANSWERED = (
    "Every question is answered: check your answers, change any, then write your report."
)
SINGLE_HINT = "(↑/↓ to move, Enter to choose)"
MULTI_HINT = "(↑/↓ to move, Space to tick, Enter when done; {rule})"
MULTI_RULE_RANGE = "choose {low}–{high}"
MULTI_RULE_ONE = "choose {count}"
MULTI_RULE_UP_TO = "choose up to {count}"
MULTI_RULE_ANY = "choose all that apply"
MULTI_RULE_AT_LEAST = "choose at least {count}"
TEXT_HINT = "(optional, up to {limit} characters; Enter to skip{back})"
TEXT_BACK = ", type < to go back"
TEXT_TOO_LONG = "Please keep it to {limit} characters (now {length})"
YES = "Yes"
NO = "No"
REVIEW_TITLE = "Review your answers"
REVIEW_HINT = "Choose an answer to change it, or write your report."
REVIEW_DONE = "✔ Looks right: write my report"
REVIEW_SKIPPED = "(skipped)"

NO_TERMINAL = (
    "there is no terminal to ask in (the quiz reads the keyboard and draws on standard "
    "output, so neither may be redirected); run it in a terminal, "
    "or give every answer with --answers FILE --no-input"
)
# Short lines, and paths and commands on lines of their own: they wrap badly and are
# copied whole.
INTERRUPTED = (
    "Stopped.\n{saved}\n  {path}\nTo carry on where you left off:\n  {prog} take --answers {quoted}"
)
SAVED_ANSWERS = "Your {count} answers so far are saved in"
SAVED_ANSWERS_ONE = "Your answer so far is saved in"
SAVED_NOTHING = "No answers yet, so nothing was saved."

SUMMARY_OVERALL = "Overall fit: {score}/100 · {band}"
SUMMARY_FIRM = (
    "{word}: of the {of} ways to change one of your answers about the future, {same} {keep}"
    " this result."
)
SUMMARY_FIRM_BAND = " {more} more {keep} the band, with another best {lead}."
SUMMARY_FIRM_MOVED = " The band changes in {moved}."
SUMMARY_PATHWAY = "Best pathway: {name}"
SUMMARY_PATHWAY_CLOSE = "Best pathway: {name}, with {second} close behind"
SUMMARY_ROUTE = "Best route (ours): {name}"
SUMMARY_IF_DEGREE = "If you pursue this degree, the best pathway: {name}"
SUMMARY_ROUTE_OTHER = "If not this degree (our route): {name}"
SUMMARY_NEXT = "Next 30 days: {step}"
SUMMARY_FLAG = (
    "A pattern in your answers: {flag} Not having decided yet, or clicking through, can do "
    "that; the scores then say less than they seem to (the report says more)."
)
SUMMARY_REPORT = "Report:  {path}"
SUMMARY_ANSWERS = "Answers: {path}"
REPORT_FROM = "Report: {path} (from {source})"
TAKE_NUMBERED = "{wanted} existed, so wrote {written}; --force replaces it"
REPORT_NUMBERED = (
    "{path} (from {source}: {wanted} existed, so wrote {written}; --force replaces it)"
)
REPORT_NAMED_APART = "{path} (from {source}: {wanted} is the report of {holder})"
REPORT_INPUT_NAME = "{path} (from {source}: {wanted} is one of the inputs)"
WROTE_MANY = "Wrote {count} reports in {folder}"
NUMBERED_MANY = "{count} of them under other names than their inputs':"
AND_MORE = "  … and {count} more"
JOBS_CAPPED = "--jobs {asked} is more than the {processors} processors here; using {processors}"

ANSWERS_NOT_SAVED = (
    "could not save your answers ({problem}).\n"
    "Here they are, so that nothing is lost: copy the lines between the rules into a file, "
    "such as answers.json, then carry on with\n"
    "  {prog} take --answers answers.json{private}"
)
ANSWERS_RULE = "-" * 40
STOPPED_UNSAVED = "Stopped. Your answers are shown above, as no file could hold them."
REPORT_NOT_WRITTEN_SAVED = (
    "{problem}\nYour answers are saved in {saved}; write the report later with:\n"
    "  {prog} report {quoted} -o PATH"
)
REPORT_NOT_WRITTEN_SHOWN = "{problem}\nYour answers are shown above."
SAME_PATH = (
    "-o {path} is where the answers file goes; give the report a name of its own, such as {other}"
)
OVER_AN_INPUT = (
    "-o {path} is one of the files you gave (the answers or the question bank); a report is "
    "never written over an input (give -o another name)"
)

# Two or three examples under each command's --help, as gh and uv show them.
OVERVIEW_NAME = "overview"

EXAMPLES = {
    "main": (
        "examples:\n"
        "  ai-mba-fit                                   take the quiz, then read the report\n"
        "  ai-mba-fit take --answers me.answers.json    carry on where you left off\n"
        "  ai-mba-fit report me.answers.json -o me.md   the report again, in Markdown"
    ),
    "take": (
        "examples:\n"
        "  ai-mba-fit take -o ~/mba/me.html             the report (and answers) in ~/mba\n"
        "  ai-mba-fit take --answers me.answers.json    carry on, or change an answer\n"
        "  ai-mba-fit take --answers me.answers.json --no-input --private"
    ),
    "report": (
        "examples:\n"
        "  ai-mba-fit report me.answers.json            writes me.html in this folder\n"
        "  ai-mba-fit report me.html --format md -o -   a report's Markdown, on screen\n"
        "  ai-mba-fit report workshop/*.json --out-dir reports --jobs 4"
    ),
    "validate": (
        "examples:\n"
        "  ai-mba-fit validate                          the shipped question bank\n"
        "  ai-mba-fit validate my-questions.json --samples 5000"
    ),
    "schema": "examples:\n  ai-mba-fit schema > questions.schema.json",
    "overview": (
        "examples:\n"
        "  ai-mba-fit overview --dir workshop            writes overview.html here\n"
        "  ai-mba-fit overview workshop/*.json --format csv -o cohort.csv"
    ),
    "preview": (
        "examples:\n"
        "  ai-mba-fit preview                           the shipped bank, as bank.html\n"
        "  ai-mba-fit preview my-questions.json -o my-bank.html"
    ),
    "compare": (
        "examples:\n"
        "  ai-mba-fit compare 2025/me.html me.answers.json     what moved, on screen\n"
        "  ai-mba-fit compare old.answers.json new.answers.json -o moved.html"
    ),
}
