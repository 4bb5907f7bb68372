"""Every sentence the coach says to users, in English and Dutch, in one place."""

from __future__ import annotations

from typing import Final

LANGS: Final = ("en", "nl")

_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "no_roleplay": "There is no role-play running here. Start one with `roleplay` "
        "(for example `roleplay hard`), or check a draft with `feedback: your message`.",
        "empty_turn": "That message was empty, so the customer is still waiting. Answer the "
        "customer's last point, or type `hint` for a suggestion.",
        "too_long": "That is longer than a chat message should be ({limit:,} characters at "
        "most); I used the first part.",
        "unknown_scenario": 'I don\'t know the scenario "{name}". Pick one of these:',
        "started_hint": "Answer as you would in real life. `hint` gives a suggestion, "
        "`rewind` lets you retry your last answer, `stop` ends with a scorecard.",
        "nothing_to_rewind": "There is no answer to take back yet.",
        "rewound": 'Your last answer is taken back. The customer said: "{line}"\nTry again.',
        "ended_already": "This role-play has ended. Start a new one with `roleplay`.",
        "hint_prefix": "Hint: ",
        "tips_on": "Daily tips are on: one short tip with an exercise, at {time} your time "
        "on weekdays.",
        "tips_off": "Daily tips are off. Type `tips on` to get them back.",
        "tips_at": "Daily tips will come at {time} your time on weekdays.",
        "tips_usage": "Use `tips on`, `tips off` or `tips at 09:30`.",
        "forget_confirm": "This deletes everything Noblesse keeps about you: role-plays, "
        "checked-draft scores, tip history and settings. Type `forget confirm` to go ahead.",
        "forgotten": "Done: all your data is deleted ({rows} records). If you use Noblesse "
        "again, it starts fresh.",
        "unknown": "I didn't catch that. Type `help` to see what I can do.",
        "draft_empty": "Give me the draft to check, for example: `feedback: We can do 5% if "
        "you sign for two years.`",
        "error": "Something went wrong on my side, and nothing you wrote was lost. Please try "
        "again in a moment.",
        "busy": "Your previous message is still being handled. One moment, please.",
        "slow_down": "You're sending messages faster than I can coach. Take a breath and try "
        "again in a few seconds.",
        "budget": "Today's language-model budget is used up, so I'm answering with the offline "
        "coach until tomorrow. Everything still works.",
        "store_down": "I can't reach my database right now. Please try again in a minute; "
        "nothing you sent was stored twice.",
        "badge": "{stance_label} · {quote}",
        "roleplay_title": "Role-play: {title} ({difficulty})",
        "customer_says": "{name}: {line}",
        "scorecard_title": "Scorecard: {title}",
        "outcome_line": "Outcome: {outcome}",
        "footing_line": "Your footing per turn: {turns}",
        "trend_line": "Trend: {trend}",
        "rose_line": "On Leary's Rose you sat {rose}.",
        "habits_line": "Practise next: {habits}",
        "given_line": "You gave away: {given}",
        "progress_title": "Your progress",
        "progress_sessions": "Role-plays: {sessions} ({outcomes})",
        "progress_messages": "Messages judged: {messages} — {stances}",
        "progress_habit": "The habit to work on: {habit}",
        "progress_none": "No role-plays or checked drafts yet. Start with `roleplay`.",
        "progress_tips": "Daily tips: {state}",
        "tips_state_on": "on, at {time}",
        "tips_state_off": "off",
        "scenarios_title": "Scenarios",
        "help_title": "Noblesse trains you to stay on an equal footing with demanding "
        "customers: firm about your interests, respectful of theirs.",
        "tip_exercise": "Try this today",
    },
    "nl": {
        "no_roleplay": "Er loopt hier geen rollenspel. Start er een met `rollenspel` (bv. "
        "`rollenspel moeilijk`), of laat een concept nakijken met `feedback: je bericht`.",
        "empty_turn": "Dat bericht was leeg, dus de klant wacht nog. Antwoord op het laatste "
        "punt van de klant, of typ `hint` voor een suggestie.",
        "too_long": "Dat is langer dan een chatbericht hoort te zijn (hoogstens {limit:,} "
        "tekens); ik heb het eerste deel gebruikt.",
        "unknown_scenario": 'Het scenario "{name}" ken ik niet. Kies er een van deze:',
        "started_hint": "Antwoord zoals je in het echt zou doen. `hint` geeft een suggestie, "
        "`opnieuw` laat je je laatste antwoord overdoen, `stop` sluit af met een scorekaart.",
        "nothing_to_rewind": "Er is nog geen antwoord om terug te nemen.",
        "rewound": 'Je laatste antwoord is teruggenomen. De klant zei: "{line}"\nProbeer opnieuw.',
        "ended_already": "Dit rollenspel is afgelopen. Start een nieuw met `rollenspel`.",
        "hint_prefix": "Hint: ",
        "tips_on": "Dagelijkse tips staan aan: één korte tip met een oefening, om {time} jouw "
        "tijd op weekdagen.",
        "tips_off": "Dagelijkse tips staan uit. Typ `tips aan` om ze terug te krijgen.",
        "tips_at": "Je dagelijkse tip komt om {time} jouw tijd op weekdagen.",
        "tips_usage": "Gebruik `tips aan`, `tips uit` of `tips om 9u30`.",
        "forget_confirm": "Dit wist alles wat Noblesse over je bijhoudt: rollenspellen, scores "
        "van nagekeken concepten, tipgeschiedenis en instellingen. Typ `vergeet mij bevestig` "
        "om door te gaan.",
        "forgotten": "Klaar: al je gegevens zijn gewist ({rows} records). Gebruik je Noblesse "
        "opnieuw, dan begin je met een schone lei.",
        "unknown": "Dat begreep ik niet. Typ `help` om te zien wat ik kan.",
        "draft_empty": "Geef me het concept om na te kijken, bijvoorbeeld: `feedback: Als je "
        "voor twee jaar tekent, kunnen we 5% doen.`",
        "error": "Er ging bij mij iets mis, en niets van wat je schreef is verloren. Probeer "
        "het zo meteen opnieuw.",
        "busy": "Je vorige bericht wordt nog verwerkt. Even geduld.",
        "slow_down": "Je stuurt sneller berichten dan ik kan coachen. Adem even in en probeer "
        "het over een paar seconden opnieuw.",
        "budget": "Het taalmodelbudget van vandaag is op, dus ik antwoord tot morgen met de "
        "offline coach. Alles blijft werken.",
        "store_down": "Ik kan mijn database nu niet bereiken. Probeer het over een minuut "
        "opnieuw; niets van wat je stuurde, is dubbel opgeslagen.",
        "badge": "{stance_label} · {quote}",
        "roleplay_title": "Rollenspel: {title} ({difficulty})",
        "customer_says": "{name}: {line}",
        "scorecard_title": "Scorekaart: {title}",
        "outcome_line": "Uitkomst: {outcome}",
        "footing_line": "Je houding per beurt: {turns}",
        "trend_line": "Trend: {trend}",
        "rose_line": "Op de Roos van Leary zat je {rose}.",
        "habits_line": "Oefen hierna: {habits}",
        "given_line": "Je gaf weg: {given}",
        "progress_title": "Je vooruitgang",
        "progress_sessions": "Rollenspellen: {sessions} ({outcomes})",
        "progress_messages": "Beoordeelde berichten: {messages} — {stances}",
        "progress_habit": "De gewoonte om aan te werken: {habit}",
        "progress_none": "Nog geen rollenspellen of nagekeken concepten. Begin met `rollenspel`.",
        "progress_tips": "Dagelijkse tips: {state}",
        "tips_state_on": "aan, om {time}",
        "tips_state_off": "uit",
        "scenarios_title": "Scenario's",
        "help_title": "Noblesse traint je om gelijkwaardig te blijven tegenover veeleisende "
        "klanten: duidelijk over je eigen belangen, respectvol voor die van de klant.",
        "tip_exercise": "Probeer dit vandaag",
    },
}

_LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "submissive": "submissive",
        "balanced": "balanced",
        "dominant": "dominant",
        "fair_deal": "a fair deal",
        "walk_out": "the customer walked out",
        "gave_too_much": "a deal, but you gave too much away",
        "stopped": "stopped before a deal",
        "abandoned": "abandoned",
        "improving": "improving",
        "steady": "steady",
        "slipping": "slipping",
        "easy": "easy",
        "normal": "normal",
        "hard": "hard",
        "rose_below_together": "below and together: accommodating, the customer leads",
        "rose_below_against": "below and against: defensive, withdrawn",
        "rose_above_together": "above and together: leading, but watch the pressure",
        "rose_above_against": "above and against: competitive, confronting",
        "rose_centre": "near the centre: an equal footing",
        "habit_submissive": "stop giving in",
        "habit_dominant": "drop the ultimatums and put-downs",
        "habit_asking": "ask before you answer",
        "habit_trading": "trade, don't give",
        "habit_limits": "state your limits calmly",
        "habit_silence": "let a demand sit",
        "habit_acknowledging": "acknowledge their pressure first",
        "habit_options": "offer options",
    },
    "nl": {
        "submissive": "onderdanig",
        "balanced": "in evenwicht",
        "dominant": "dominant",
        "fair_deal": "een faire deal",
        "walk_out": "de klant stapte op",
        "gave_too_much": "een deal, maar je gaf te veel weg",
        "stopped": "gestopt voor een deal",
        "abandoned": "niet afgemaakt",
        "improving": "beter",
        "steady": "stabiel",
        "slipping": "achteruit",
        "easy": "makkelijk",
        "normal": "normaal",
        "hard": "moeilijk",
        "rose_below_together": "onder en samen: meegaand, de klant leidt",
        "rose_below_against": "onder en tegen: defensief, teruggetrokken",
        "rose_above_together": "boven en samen: leidend, maar let op de druk",
        "rose_above_against": "boven en tegen: competitief, confronterend",
        "rose_centre": "dicht bij het midden: gelijkwaardig",
        "habit_submissive": "stop met toegeven",
        "habit_dominant": "laat ultimatums en sneren vallen",
        "habit_asking": "vraag voor je antwoordt",
        "habit_trading": "ruil, geef niet weg",
        "habit_limits": "noem je grenzen rustig",
        "habit_silence": "laat een eis even liggen",
        "habit_acknowledging": "erken eerst hun druk",
        "habit_options": "bied opties",
    },
}

_HELP: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "en": (
        ("roleplay [scenario] [easy|normal|hard] [nl|en]", "practise with a demanding customer"),
        ("hint", "what a balanced answer would do now"),
        ("rewind", "take back your last answer and try again"),
        ("stop", "end the role-play with a scorecard"),
        ("feedback: <draft>", "score a message before you send it, with a rewrite"),
        ("tip", "today's tip with a small exercise"),
        ("tips on | off | at 09:30", "daily tips at your local time"),
        ("progress", "your footing over time"),
        ("scenarios", "the customers you can practise with"),
        ("forget", "delete everything Noblesse keeps about you"),
    ),
    "nl": (
        (
            "rollenspel [scenario] [makkelijk|normaal|moeilijk] [nl|en]",
            "oefen met een veeleisende klant",
        ),
        ("hint", "wat een evenwichtig antwoord nu zou doen"),
        ("opnieuw", "neem je laatste antwoord terug en probeer opnieuw"),
        ("stop", "sluit het rollenspel af met een scorekaart"),
        (
            "feedback: <concept>",
            "laat een bericht beoordelen voor je het verstuurt, met een herschrijving",
        ),
        ("tip", "de tip van vandaag met een kleine oefening"),
        ("tips aan | uit | om 9u30", "dagelijkse tips op jouw lokale tijd"),
        ("voortgang", "je houding door de tijd"),
        ("scenario's", "de klanten waarmee je kunt oefenen"),
        ("vergeet mij", "wis alles wat Noblesse over je bijhoudt"),
    ),
}


def pick_lang(*candidates: str | None) -> str:
    """The first candidate that is (or starts with) a supported language; English otherwise."""
    for candidate in candidates:
        if candidate:
            code = candidate.strip().lower().replace("_", "-").split("-")[0]
            if code in LANGS:
                return code
    return "en"


def say(lang: str, key: str, **values: object) -> str:
    """The sentence ``key`` in ``lang``, with ``values`` filled in."""
    return _TEXT[pick_lang(lang)][key].format(**values)


def label(lang: str, key: str) -> str:
    """A short label (stance, outcome, trend, rose position, habit) in ``lang``."""
    table = _LABELS[pick_lang(lang)]
    return table.get(key, key.replace("_", " "))


def help_commands(lang: str) -> tuple[tuple[str, str], ...]:
    return _HELP[pick_lang(lang)]
