"""Ukrainian texts seeded with personal data, for the anonymisation tests and `bench/anonymise.py`.

Each case is a text and the personal values put into it, by kind; a value still
in the anonymised text is a miss.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = [
    ("Петренко", "Петренка", "Петренку"),
    ("Коваленко", "Коваленка", "Коваленку"),
    ("Шевчук", "Шевчука", "Шевчуку"),
    ("Бондаренко", "Бондаренка", "Бондаренку"),
    ("Мельник", "Мельника", "Мельнику"),
    ("Ткаченко", "Ткаченка", "Ткаченку"),
    ("Кравчук", "Кравчука", "Кравчуку"),
    ("Олійник", "Олійника", "Олійнику"),
    ("Савчук", "Савчука", "Савчуку"),
    ("Поліщук", "Поліщука", "Поліщуку"),
    ("Мороз", "Мороза", "Морозу"),
    ("Лисенко", "Лисенка", "Лисенку"),
    ("Руденко", "Руденка", "Руденку"),
    ("Марченко", "Марченка", "Марченку"),
    ("Гончаренко", "Гончаренка", "Гончаренку"),
]
FIRST_NAMES = [
    ("Олена", "Олени", "Олені"),
    ("Іван", "Івана", "Івану"),
    ("Марія", "Марії", "Марії"),
    ("Сергій", "Сергія", "Сергію"),
    ("Оксана", "Оксани", "Оксані"),
    ("Андрій", "Андрія", "Андрію"),
    ("Наталія", "Наталії", "Наталії"),
    ("Василь", "Василя", "Василю"),
    ("Тетяна", "Тетяни", "Тетяні"),
    ("Микола", "Миколи", "Миколі"),
]
PATRONYMICS = [
    ("Іванович", "Івановича", "Івановичу"),
    ("Петрівна", "Петрівни", "Петрівні"),
    ("Олегович", "Олеговича", "Олеговичу"),
]
STREETS = ["вул. Шевченка", "вулиця Грушевського", "просп. Незалежності", "пров. Садовий", "вул. Лесі Українки"]
DOMAINS = ["ukr.net", "gmail.com", "i.ua", "meta.ua", "rada.gov.ua"]
LOGINS = ["olena.p", "ivan_k", "sekretar2024", "m.bondarenko", "rada-vyshneva", "koval77"]

TEMPLATES = [
    "Доброго дня. Мене звати {name}, я секретар ради. Мій телефон {phone}, пошта {email}.",
    "Громадянин {name} (ІПН {tax}) просить передати йому ділянку; проживає за адресою {address}.",
    "До виконкому звернулася {name}, паспорт {passport}, телефон для зв'язку {phone}.",
    "Заява від {name_gen} надійшла 12.03.2025, відповідь просимо надіслати на {email}.",
    "Староста {name} повідомив, що орендар не платить. Контакт: {phone}. РНОКПП орендаря {tax}.",
    "Прошу роз'яснити, чи можна звільнити працівника. Звертаюсь від імені голови {name_gen}, тел.: {phone}",
    "Надаю копію паспорта {passport} та ідентифікаційний код {tax} депутата {name_gen}.",
    "Будинок за адресою {address} передали в управління; відповідальна особа — {name}.",
    "{first}, добрий день. Ділянку в м. Біла Церква орендує {name}, кадастровий номер 3221888000:01:001:0123.",
]


@dataclass(frozen=True)
class Case:
    text: str
    values: dict[str, list[str]]  # kind -> the values seeded


def _phone(rng: random.Random) -> str:
    d = [str(rng.randint(0, 9)) for _ in range(7)]
    op = rng.choice(["67", "50", "63", "93", "97", "66", "44"])
    forms = [
        f"+380 {op} {''.join(d[:3])} {''.join(d[3:5])} {''.join(d[5:])}",
        f"0{op}-{''.join(d[:3])}-{''.join(d[3:5])}-{''.join(d[5:])}",
        f"(0{op}) {''.join(d[:3])} {''.join(d[3:5])} {''.join(d[5:])}",
        f"0{op}{''.join(d)}",
        f"+380{op}{''.join(d)}",
        f"+38 (0{op}) {''.join(d[:3])}-{''.join(d[3:5])}-{''.join(d[5:])}",
    ]
    return rng.choice(forms)


def _passport(rng: random.Random) -> str:
    if rng.random() < 0.5:
        letters = rng.choice(["ВК", "АМ", "СН", "КА", "ЕР"])
        return f"{letters} {rng.randint(100000, 999999)}"
    return f"{rng.randint(0, 999999999):09d}"


def _name(rng: random.Random, case: int) -> str:
    surname = rng.choice(SURNAMES)[case]
    first = rng.choice(FIRST_NAMES)[case]
    style = rng.randint(0, 3)
    if style == 0:
        return f"{surname} {first}"
    if style == 1:
        return f"{first} {surname}"
    if style == 2:
        return f"{surname} {first} {rng.choice(PATRONYMICS)[case]}"
    return f"{surname} {first[0]}. {rng.choice(PATRONYMICS)[0][0]}."


def cases(count: int = 400, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    made = []
    for i in range(count):
        template = TEMPLATES[i % len(TEMPLATES)]
        phone = _phone(rng)
        email = f"{rng.choice(LOGINS)}@{rng.choice(DOMAINS)}"
        tax = str(rng.randint(1_000_000_000, 3_999_999_999))
        passport = _passport(rng)
        address = f"{rng.choice(STREETS)}, {rng.randint(1, 120)}, кв. {rng.randint(1, 90)}"
        name, name_gen = _name(rng, 0), _name(rng, 1)
        first = rng.choice(FIRST_NAMES)[0]  # alone, at the start of a sentence
        text = template.format(
            name=name,
            name_gen=name_gen,
            first=first,
            phone=phone,
            email=email,
            tax=tax,
            passport=passport,
            address=address,
        )
        values: dict[str, list[str]] = {}
        for kind, field, value in (
            ("names", "{name}", name),
            ("names", "{name_gen}", name_gen),
            ("names", "{first}", first),
            ("phones", "{phone}", phone),
            ("emails", "{email}", email),
            ("tax", "{tax}", tax),
            ("passports", "{passport}", passport),
            ("addresses", "{address}", address),
        ):
            if field in template:
                values.setdefault(kind, []).append(value)
        made.append(Case(text, values))
    return made


def name_words(value: str) -> list[str]:
    """The words of a name a reader could identify someone by (initials alone are not counted)."""
    return [word for word in value.replace(".", " ").split() if len(word) > 1]


def missed(kind: str, value: str, anonymised: str) -> bool:
    if kind == "names":
        return any(word in anonymised for word in name_words(value))
    if kind == "addresses":
        street = value.split(",")[0].split()[-1]
        return street in anonymised or value in anonymised
    return value in anonymised
