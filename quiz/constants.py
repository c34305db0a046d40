"""Every string the terminal shows that is not content of the question bank.

Content (questions, themes, bands, notes, the welcome) lives in questions.json so that its
owner can change it without touching Python; these are the tool's own words.
"""

PROG = "ai-mba-fit"
DEFAULT_REPORT_NAME = "ai-mba-fit-report"

BACK = "← Back to the previous question"
WENT_BACK = "↩ Back to the previous question"
BACK_ALONE = "Choose “Back” on its own, or your answers without it"
EXCLUSIVE = "“{label}” goes on its own"
CHOOSE_AT_LEAST = "Choose at least {count}"
CHOOSE_AT_MOST = "Choose at most {count}"
PROGRESS = "{section} · question\u00a0{number}\u00a0of\u00a0{total}"
START = "Press any key to start (Ctrl-C leaves at any point, and keeps the answers given)"
WELCOME_COUNT = "{count} questions, about {minutes} minutes. Nothing you type leaves this machine."
WELCOME_LEFT = "{count} questions left from your saved answers."
WELCOME_LEFT_ONE = "1 question left from your saved answers."
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
    "there is no terminal to ask in; run it in a terminal, "
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
SUMMARY_PATHWAY = "Best pathway: {name} ({score})"
SUMMARY_PATHWAYS_CLOSE = "Closest pathways: {names}"
SUMMARY_REPORT = "Report:  {path}"
SUMMARY_ANSWERS = "Answers: {path}"
NUMBERED_REPORTS = (
    "{count} of them under numbered names (name-2.html, …): files of their names were there "
    "already. --force replaces those files instead."
)
