"""The reader's plan and conversation guide, chosen from the answers (all ours): three small
experiments by day 30, 60 and 90, and the questions to take to a mentor and to the
admissions office and alumni. Pure: the bank's texts, picked; nothing written here.

- When the degree leads: try the best pathway's work, then test the theme the answers lean
  away from (one below 60), or else start on the theme the reader wants most but has not
  yet done anything toward (with a start made on every theme, build on the one that fits
  least), then test the decision itself.
- A reader who has not chosen where to go (the bank's explore_when): find that out by day
  30, then try what leads the result, then test the decision.
- When another route leads: try that route, then the best pathway (does the degree's
  direction draw you after all?; if no pathway stands out in the answers, more of the
  route's own work, or else the route ranked next, or else the theme the answers lean
  toward most: testing one they lean away from tells a reader headed elsewhere nothing),
  then set the two side by side.
"""

from __future__ import annotations

from collections.abc import Mapping

from quiz.bank import AnswerValue, Bank, Pathway, Route, Step
from quiz.scoring.result import Firmness, PathwayResult, PlanStep, RouteResult, ThemeResult

_DAYS = (30, 60, 90)
LOW_THEME = 60  # a theme below this is one the reader's answers lean away from
_ENJOYED = "If you enjoyed it"  # what a step that is work to try is followed by


def plan_steps(
    bank: Bank,
    themes: list[ThemeResult],
    top: PathwayResult,
    routes: list[RouteResult],
    route: RouteResult | None,
    by_route: bool,
    answers: Mapping[str, AnswerValue],
) -> list[PlanStep]:
    """The three experiments, in order: the first is the one thing to do in 30 days."""
    pathway = _pathway(bank, top.id)
    pathway_step = pathway.already_step if top.already and pathway.already_step else None
    tried: list[tuple[str, str, Step]] = [("pathway", top.name, pathway_step or pathway.first_step)]
    if by_route and route is not None:
        tried.insert(0, ("route", route.name, _route(bank, route.id).first_step))
        if not top.stands_out:  # no pathway draws on the answers: more of the route
            second = _route(bank, route.id).second_step
            tried[1] = (
                ("route_more", route.name, second)
                if second is not None
                else _next_route(bank, routes, route) or _drawing_theme_step(bank, themes)
            )
        tried.append(("decision", route.name, bank.plan.decide_route))
    else:
        tried.append(_theme_step(bank, themes))
        tried.append(("decision", top.name, bank.plan.decide))
    explore = bank.plan.explore
    if explore is not None and all(c.holds(answers) for c in bank.plan.explore_when):
        # Not sure where to go yet: find that out first, then try what leads, then decide.
        tried = [("explore", "", explore), tried[0], tried[-1]]
    return [
        PlanStep(
            day=day,
            tests=tests,  # type: ignore[arg-type]  # one of the literals above
            subject=subject,
            do=step.do,
            if_label=step.if_label or ("If it holds up" if tests == "decision" else _ENJOYED),
            if_enjoyed=step.if_enjoyed,
            if_not=step.if_not,
        )
        for day, (tests, subject, step) in zip(_DAYS, tried, strict=True)
    ]


def _next_route(
    bank: Bank, routes: list[RouteResult], route: RouteResult
) -> tuple[str, str, Step] | None:
    """The route ranked next after `route`, this degree aside, if the answers give it any."""
    following = [r for r in routes if not r.this_degree and r.id != route.id and r.exact > 0]
    if not following:
        return None
    return ("next_route", following[0].name, _route(bank, following[0].id).first_step)


def _drawing_theme_step(bank: Bank, themes: list[ThemeResult]) -> tuple[str, str, Step]:
    """The theme the answers lean toward most (the first of equals in the bank's order):
    what of this degree might still draw a reader whose answers point elsewhere."""
    return _step_for(bank, max(themes, key=lambda theme: theme.score))


def _step_for(bank: Bank, chosen: ThemeResult) -> tuple[str, str, Step]:
    """Building on a theme the reader has made a start on, or else making one."""
    theme = next(theme for theme in bank.themes if theme.id == chosen.id)
    if chosen.readiness.started:
        return ("build", chosen.name, theme.build_on)
    return ("start", chosen.name, theme.start_here)


def _theme_step(bank: Bank, themes: list[ThemeResult]) -> tuple[str, str, Step]:
    """The theme the answers lean away from, if one scores below LOW_THEME: the part of the
    work to test before a degree that builds it. Else the theme the reader wants most and
    has not started on; if every theme has a start, the one that fits least, to build on.
    Ties go to the bank's order (min and max keep the first of equals)."""
    lowest = min(themes, key=lambda theme: theme.score)
    fresh = [theme for theme in themes if not theme.readiness.started]
    if lowest.score >= LOW_THEME and fresh:
        return _step_for(bank, max(fresh, key=lambda theme: theme.score))
    return _step_for(bank, lowest)


def mentor_questions(
    bank: Bank,
    themes: list[ThemeResult],
    top: PathwayResult,
    route: RouteResult | None,
    by_route: bool,
    firmness: Firmness,
    answers: Mapping[str, AnswerValue],
) -> list[str]:
    """Questions for a mentor or manager: about what leads the result, those the answers
    call up together (a goal with how it is paid for, say), about the theme that came out
    lowest (if one is low, and lower than another, and the degree leads), and about the
    answers themselves."""
    if by_route and route is not None:
        asked = [_route(bank, route.id).ask_mentor]
    else:
        asked = [_pathway(bank, top.id).ask_mentor]
    asked += [
        ask.text
        for ask in bank.plan.ask_mentor
        if all(condition.holds(answers) for condition in ask.when)
    ]
    # The theme that came out lowest, when one is below the line and below another theme:
    # with all four equal, nothing came out lowest (every answer in the middle, say). Not
    # where another route leads: this degree's themes are then beside the point (a mentor,
    # of a reader bound for consulting asked how much risk judgement the roles need).
    lowest = min(themes, key=lambda theme: theme.score)
    if (
        not (by_route and route is not None)
        and lowest.score < LOW_THEME
        and any(theme.score > lowest.score for theme in themes)
    ):
        asked.append(next(t.ask_mentor for t in bank.themes if t.id == lowest.id))
    unsure = firmness.word == "could go either way"
    asked.append(bank.plan.ask_mentor_unsure if unsure else bank.plan.ask_mentor_firm)
    return asked


def school_questions(
    bank: Bank,
    top: PathwayResult,
    route: RouteResult | None,
    by_route: bool,
    answers: Mapping[str, AnswerValue],
) -> list[str]:
    """Questions for the admissions office and alumni: placement into what leads the result,
    then those whose conditions the answers meet (pace, money, visa), in the bank's order;
    where another route leads, none about applying (a "not now" is no time to prepare an
    application)."""
    if by_route and route is not None:
        placement = _route(bank, route.id).ask_school
    else:
        placement = _pathway(bank, top.id).ask_school
    return [placement] + [
        ask.text
        for ask in bank.plan.ask_school
        if all(condition.holds(answers) for condition in ask.when)
        and not (by_route and ask.for_applicants)
    ]


def _pathway(bank: Bank, pathway_id: str) -> Pathway:
    return next(pathway for pathway in bank.pathways if pathway.id == pathway_id)


def _route(bank: Bank, route_id: str) -> Route:
    return next(route for route in bank.routes if route.id == route_id)
