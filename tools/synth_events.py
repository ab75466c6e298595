# ruff: noqa: E501  (template sentences are kept whole, one per line)
"""Short event reports written from templates, in English, Spanish and French: training data
for the kinds the real data has too few of (exchanges of fire without casualties, industrial
accidents, defused bombs, claims, handovers of territory, dispersed protests, ...).

`generate()` returns (title, body, label, language) tuples, seeded (the same every run). Every
template is our own wording; the actors and places are generic or public names. Positive and
negative templates share their style (ACLED-like notes and news leads), so that style is no
give-away of the label.
"""

from __future__ import annotations

import random

STATE = {
    "en": [
        "military forces",
        "the army",
        "security forces",
        "police",
        "government troops",
        "soldiers",
        "national army units",
        "gendarmes",
        "the armed forces",
        "border guards",
        "an army patrol",
    ],
    "es": [
        "el ejército",
        "las fuerzas de seguridad",
        "la policía",
        "tropas del gobierno",
        "soldados",
        "militares",
        "la guardia nacional",
        "una patrulla del ejército",
        "agentes de la policía",
    ],
    "fr": [
        "l'armée",
        "les forces de sécurité",
        "la police",
        "les forces gouvernementales",
        "des soldats",
        "des militaires",
        "la gendarmerie",
        "une patrouille de l'armée",
        "les forces armées",
    ],
}
ARMED = {
    "en": [
        "Al Shabaab militants",
        "JNIM fighters",
        "ISWAP insurgents",
        "an armed group",
        "rebels",
        "unidentified gunmen",
        "bandits",
        "M23 rebels",
        "militiamen",
        "Fano militia",
        "RSF fighters",
        "Houthi forces",
        "Islamic State militants",
        "dissident fighters",
        "a local militia",
        "cartel gunmen",
    ],
    "es": [
        "disidentes de las FARC",
        "el ELN",
        "hombres armados",
        "un grupo armado",
        "guerrilleros",
        "sicarios del cártel",
        "miembros de una banda criminal",
        "rebeldes",
        "paramilitares",
        "yihadistas",
    ],
    "fr": [
        "des jihadistes",
        "des hommes armés",
        "des rebelles du M23",
        "un groupe armé",
        "des miliciens",
        "des combattants du JNIM",
        "des bandits armés",
        "des assaillants",
        "des terroristes présumés",
        "des combattants de l'EIGS",
    ],
}
PLACES = [
    "Kidal",
    "Gao",
    "Beni",
    "Marib",
    "Idlib",
    "Kherson",
    "Tillaberi",
    "Zamfara",
    "Maiduguri",
    "Afgooye",
    "Bentiu",
    "El Fasher",
    "Djibo",
    "Menaka",
    "Cauca",
    "Arauca",
    "Sinaloa",
    "Rutshuru",
    "Kismayo",
    "Hodeidah",
    "Dera",
    "Mopti",
    "Kasai",
    "Tibu",
    "Culiacan",
    "Fada",
    "Diffa",
    "Bunia",
    "Ituri",
    "Baidoa",
    "Sirte",
    "Benghazi",
    "Kaduna",
    "Borno",
    "Cabo Delgado",
    "Tigray",
    "Amhara",
    "Darfur",
    "Nyala",
    "Goma",
]
DATES = {
    "en": [
        "On 3 March 2023, ",
        "On 14 June, ",
        "On Monday, ",
        "On the night of 2 May, ",
        "",
        "",
        "Around 10 July, ",
    ],
    "es": ["El 3 de marzo, ", "El lunes, ", "La noche del 2 de mayo, ", "", "", "Este jueves, "],
    "fr": ["Le 3 mars, ", "Lundi, ", "Dans la nuit du 2 mai, ", "", "", "Ce jeudi, "],
}
NUM = {
    "en": ["two", "three", "four", "five", "6", "7", "12", "at least 9", "15", "23"],
    "es": ["dos", "tres", "cuatro", "cinco", "6", "siete", "12", "al menos nueve", "15", "23"],
    "fr": ["deux", "trois", "quatre", "cinq", "6", "sept", "12", "au moins neuf", "15", "23"],
}

T: dict[str, dict[str, list[str]]] = {
    "armed_clash": {
        "en": [
            "{date}{state} and {armed} exchanged fire near {place}. No casualties were reported.",
            "{date}{state} clashed with {armed} in {place}. There were no reported fatalities.",
            "{date}a ceasefire violation was recorded near {place} as {state} and {armed} exchanged small arms fire.",
            "Exchange of fire between {state} and {armed} near {place}; no casualties.",
            "{date}{armed} attacked a position of {state} in {place}; the attack was repelled after a gunfight.",
            "{date}{state} fought {armed} for several hours in {place}. {num} fighters were killed.",
            "{date}{armed} ambushed {state} near {place}, killing {num} soldiers.",
            "Fighting between {state} and {armed} in {place}; casualties unknown.",
            "{date}{state} regained control of {place} after heavy fighting with {armed}.",
            "{date}{armed} overran a military post in {place} after clashes with {state}.",
            "Gunfire was exchanged across the line of contact near {place} overnight, in breach of the truce.",
            "{date}{armed} and a rival armed group fought over control of {place}; {num} fighters died.",
        ],
        "es": [
            "{date}{state} y {armed} intercambiaron disparos cerca de {place}. No se reportaron víctimas.",
            "{date}enfrentamientos entre {state} y {armed} en {place}; no hubo muertos ni heridos.",
            "{date}{armed} atacaron un puesto militar en {place} y se enfrentaron con {state}; murieron {num} combatientes.",
            "Violación del alto el fuego en {place}: {state} y {armed} se enfrentaron a tiros durante la noche.",
            "{date}{state} recuperaron el control de {place} tras combates con {armed}.",
        ],
        "fr": [
            "{date}{state} et {armed} ont échangé des tirs près de {place}. Aucune victime n'a été signalée.",
            "{date}des affrontements ont opposé {state} à {armed} à {place}, sans faire de victime.",
            "{date}{armed} ont attaqué une position de {state} à {place}; {num} soldats ont été tués dans les combats.",
            "Violation du cessez-le-feu près de {place}: échanges de tirs nourris entre {state} et {armed}.",
            "{date}{state} ont repris le contrôle de {place} après des combats contre {armed}.",
        ],
    },
    "shelling": {
        "en": [
            "{date}{armed} shelled {place}, killing {num} civilians.",
            "{date}artillery fire hit residential areas of {place}. No casualties were reported.",
            "{date}mortar rounds landed in {place}, wounding {num} people.",
            "{date}a missile struck an apartment building in {place}; {num} people were killed.",
            "{date}{state} fired rockets at positions of {armed} near {place}.",
            "Rocket fire on {place} overnight; {num} dead.",
        ],
        "es": [
            "{date}bombardeos de artillería sobre {place} dejaron {num} muertos.",
            "{date}un misil impactó contra un edificio residencial en {place}; murieron {num} personas.",
            "{date}proyectiles de mortero cayeron en {place} sin causar víctimas.",
        ],
        "fr": [
            "{date}des tirs d'artillerie ont frappé {place}, faisant {num} morts.",
            "{date}un missile s'est abattu sur un immeuble d'habitation à {place}; {num} personnes ont été tuées.",
            "{date}des obus de mortier sont tombés sur {place} sans faire de victime.",
        ],
    },
    "air_strike": {
        "en": [
            "{date}an air strike hit {place}, killing {num} people.",
            "{date}a drone strike targeted a vehicle near {place}; {num} militants were killed.",
            "{date}warplanes bombed positions of {armed} in {place}.",
            "{date}the air force carried out strikes on {place}. Casualties unknown.",
            "Drone attack on a market in {place}; {num} killed.",
        ],
        "es": [
            "{date}un bombardeo aéreo sobre {place} dejó {num} muertos.",
            "{date}un ataque con drones contra un vehículo cerca de {place} mató a {num} personas.",
            "{date}aviones de combate bombardearon posiciones de {armed} en {place}.",
        ],
        "fr": [
            "{date}une frappe aérienne a touché {place}, faisant {num} morts.",
            "{date}une frappe de drone a visé un véhicule près de {place}; {num} combattants ont été tués.",
            "{date}des avions de chasse ont bombardé des positions de {armed} à {place}.",
        ],
    },
    "bombing": {
        "en": [
            "{date}an IED exploded near a patrol of {state} in {place}, killing {num} soldiers.",
            "{date}a roadside bomb went off in {place}. No one was hurt.",
            "{date}a suicide bomber blew himself up at a market in {place}, killing {num} people.",
            "{date}a car bomb exploded outside a hotel in {place}; {num} people were wounded.",
            "{date}a grenade was thrown into a bar in {place}, injuring {num} people.",
            "{date}a landmine blast killed {num} people travelling near {place}.",
        ],
        "es": [
            "{date}un artefacto explosivo estalló al paso de una patrulla en {place} y mató a {num} soldados.",
            "{date}un coche bomba explotó frente a una estación de policía en {place}; hubo {num} heridos.",
            "{date}una granada lanzada contra un bar de {place} dejó {num} heridos.",
        ],
        "fr": [
            "{date}un engin explosif improvisé a explosé au passage d'une patrouille à {place}, tuant {num} soldats.",
            "{date}une voiture piégée a explosé devant un hôtel de {place}; on compte {num} blessés.",
            "{date}un kamikaze s'est fait exploser sur un marché de {place}, faisant {num} morts.",
        ],
    },
    "attack": {
        "en": [
            "{date}{armed} attacked the village of {place}, killing {num} civilians.",
            "{date}gunmen opened fire on passengers at the bus station in {place}; {num} people were killed.",
            "{date}{armed} raided {place}, burning houses and killing {num} villagers.",
            "{date}shots were fired at the airport in {place}; {num} people were wounded and the gunman fled.",
            "{date}a man stabbed {num} people at a train station in {place}.",
            "{date}{armed} killed {num} farmers working in their fields near {place}.",
            "{date}{state} opened fire on civilians at a checkpoint in {place}, killing {num}.",
        ],
        "es": [
            "{date}{armed} atacaron la localidad de {place} y mataron a {num} civiles.",
            "{date}hombres armados dispararon contra los pasajeros de un autobús en {place}; murieron {num} personas.",
            "{date}se registraron disparos en el aeropuerto de {place}; {num} personas resultaron heridas.",
        ],
        "fr": [
            "{date}{armed} ont attaqué le village de {place}, tuant {num} civils.",
            "{date}des hommes armés ont ouvert le feu sur des passagers à la gare routière de {place}; {num} morts.",
            "{date}des coups de feu ont été tirés à l'aéroport de {place}; {num} personnes ont été blessées.",
        ],
    },
    "abduction": {
        "en": [
            "{date}{armed} abducted {num} civilians from {place}.",
            "{date}gunmen kidnapped {num} students from a school in {place}.",
            "{date}{armed} took {num} aid workers hostage near {place}.",
        ],
        "es": [
            "{date}{armed} secuestraron a {num} civiles en {place}.",
            "{date}hombres armados secuestraron a {num} trabajadores en {place}.",
        ],
        "fr": [
            "{date}{armed} ont enlevé {num} civils à {place}.",
            "{date}des hommes armés ont kidnappé {num} élèves dans une école de {place}.",
        ],
    },
    "deadly_unrest": {
        "en": [
            "{date}protesters clashed with police in {place}; {num} people were injured.",
            "{date}rioters looted shops and set cars on fire in {place}.",
            "{date}police opened fire on demonstrators in {place}, killing {num}.",
            "{date}a mob lynched a suspected thief in {place}.",
            "{date}security forces fired live rounds at protesters in {place}; {num} were wounded.",
            "{date}a violent demonstration in {place} left {num} people injured after protesters threw stones.",
        ],
        "es": [
            "{date}manifestantes se enfrentaron con la policía en {place}; hubo {num} heridos.",
            "{date}la policía disparó contra los manifestantes en {place} y mató a {num} personas.",
            "{date}saqueos y disturbios en {place}: manifestantes incendiaron vehículos.",
        ],
        "fr": [
            "{date}des manifestants se sont heurtés à la police à {place}; {num} personnes ont été blessées.",
            "{date}la police a tiré à balles réelles sur des manifestants à {place}, tuant {num} personnes.",
            "{date}des émeutiers ont pillé des commerces et incendié des voitures à {place}.",
        ],
    },
    "disaster": {
        "en": [
            "{date}an explosion at a chemical factory in {place} killed {num} workers.",
            "{date}a fire broke out at a textile factory in {place}; {num} people died.",
            "{date}a residential building collapsed in {place}, trapping dozens; {num} bodies were recovered.",
            "{date}{num} miners were killed when a gold mine caved in near {place}.",
            "{date}a fuel tanker exploded on the highway near {place}, killing {num} people.",
            "{date}a blaze swept through a market in {place}. No casualties were reported.",
            "{date}floods swept through {place}, killing {num} people.",
            "{date}a gas explosion destroyed a warehouse in {place}; {num} workers were injured.",
            "{date}a boat capsized on the river near {place}; {num} passengers drowned.",
            "Factory fire in {place}: {num} workers dead.",
        ],
        "es": [
            "{date}una explosión en una fábrica química de {place} mató a {num} trabajadores.",
            "{date}un incendio en una fábrica de {place} dejó {num} muertos.",
            "{date}se derrumbó un edificio de viviendas en {place}; murieron {num} personas.",
            "{date}{num} mineros murieron al derrumbarse una mina cerca de {place}.",
            "{date}inundaciones en {place} dejaron {num} muertos.",
        ],
        "fr": [
            "{date}une explosion dans une usine chimique de {place} a tué {num} ouvriers.",
            "{date}un incendie s'est déclaré dans une usine de {place}; {num} personnes sont mortes.",
            "{date}un immeuble s'est effondré à {place}; {num} corps ont été retirés des décombres.",
            "{date}{num} mineurs ont péri dans l'effondrement d'une mine près de {place}.",
            "{date}des inondations ont fait {num} morts à {place}.",
        ],
    },
    "none": {
        "en": [
            "{date}{state} defused an IED planted on the road near {place}.",
            "{date}{state} found and destroyed a cache of explosives in {place}. No one was hurt.",
            "{date}a bomb disposal team safely detonated an explosive device found near {place}.",
            "{date}{state} foiled an attack in {place} and seized weapons and ammunition.",
            "{date}{armed} claimed responsibility for last week's attack on a military base in {place}.",
            "{date}the government blamed {armed} for Sunday's bombing in {place}.",
            "{date}{armed} withdrew from {place} and handed the town over to {state} without a fight.",
            "{date}{state} took control of {place} after {armed} left the area; no fighting was reported.",
            "{date}{armed} established a base in {place}.",
            "{date}police dispersed protesters with tear gas in {place}. No injuries were reported.",
            "{date}hundreds of people held a peaceful march in {place} to demand better wages.",
            "{date}traders went on strike in {place} over new taxes.",
            "{date}{state} arrested {num} suspected members of {armed} in {place}.",
            "{date}representatives of {armed} and the government signed a peace agreement in {place}.",
            "{date}{armed} recruited young men in villages around {place}.",
            "{date}{state} seized a truck loaded with weapons at a checkpoint near {place}.",
            "{date}residents of {place} fled ahead of an expected offensive by {armed}.",
            "{date}{armed} announced a unilateral ceasefire around {place}.",
        ],
        "es": [
            "{date}{state} desactivaron un artefacto explosivo hallado en la carretera cerca de {place}.",
            "{date}{armed} reivindicaron el ataque de la semana pasada contra una base militar en {place}.",
            "{date}{armed} se retiraron de {place} y entregaron el control a {state} sin combates.",
            "{date}la policía dispersó con gases lacrimógenos una protesta en {place}; no hubo heridos.",
            "{date}{state} detuvieron a {num} presuntos miembros de {armed} en {place}.",
            "{date}cientos de personas marcharon pacíficamente en {place} para exigir mejores salarios.",
            "{date}{state} incautaron un arsenal de fusiles y granadas en {place}.",
        ],
        "fr": [
            "{date}{state} ont désamorcé un engin explosif découvert sur la route près de {place}.",
            "{date}{armed} ont revendiqué l'attaque de la semaine dernière contre une base militaire à {place}.",
            "{date}{armed} se sont retirés de {place} et ont remis la ville à {state} sans combat.",
            "{date}la police a dispersé au gaz lacrymogène une manifestation à {place}; aucun blessé.",
            "{date}{state} ont arrêté {num} membres présumés de {armed} à {place}.",
            "{date}des centaines de personnes ont marché pacifiquement à {place} pour réclamer des hausses de salaire.",
            "{date}{state} ont saisi un stock d'armes et de munitions à {place}.",
        ],
    },
}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def generate(per_template: int = 12, seed: int = 18) -> list[tuple[str, str, str, str]]:
    rng = random.Random(seed)
    out = []
    for label, by_lang in T.items():
        for lang, templates in by_lang.items():
            for tpl in templates:
                for _ in range(per_template):
                    body = _cap(
                        tpl.format(
                            date=rng.choice(DATES[lang]),
                            state=rng.choice(STATE[lang]),
                            armed=rng.choice(ARMED[lang]),
                            place=rng.choice(PLACES),
                            num=rng.choice(NUM[lang]),
                        )
                    )
                    out.append(("", body, label, lang))
    return out
