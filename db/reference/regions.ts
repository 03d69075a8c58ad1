// Reference list of federal subjects as they appear in Russian administrative
// registers (Constitution art. 65, 89 entries). Users are NGOs registered under
// Russian law, so their registration documents, tax numbers and reporting forms
// use exactly this list and these codes.
//
// `code` is the two-digit «код субъекта» used by the tax service (first two
// digits of ИНН/КПП issued in the region), vehicle plates and the Constitution's
// numbering. It is NOT the ОКАТО prefix (e.g. Moscow is 45 in ОКАТО), so do not
// join it against ОКАТО/ОКТМО data without a mapping.
//
// Codes 90–95 (Crimea, Sevastopol, Donetsk, Luhansk, Zaporozhye, Kherson) are
// listed because Russian registers include them; their incorporation is not
// recognised internationally. Keep that in mind before reusing this table for
// anything other than matching Russian registration data.
//
// `timeZone` is the zone of the administrative centre; regions spanning several
// zones (Yakutia, Krasnoyarsk Krai, ...) take their capital's zone because
// that is when regional offices and events actually operate.

export type FederalDistrict = 'CFD' | 'NWFD' | 'SFD' | 'NCFD' | 'VFD' | 'UFD' | 'SibFD' | 'FEFD'

export type RegionRef = {
  code: string
  nameRu: string
  nameEn: string
  district: FederalDistrict
  capitalRu: string
  timeZone: string
}

export const FEDERAL_DISTRICTS: Record<FederalDistrict, { nameRu: string; nameEn: string }> = {
  CFD: { nameRu: 'Центральный федеральный округ', nameEn: 'Central Federal District' },
  NWFD: { nameRu: 'Северо-Западный федеральный округ', nameEn: 'Northwestern Federal District' },
  SFD: { nameRu: 'Южный федеральный округ', nameEn: 'Southern Federal District' },
  NCFD: { nameRu: 'Северо-Кавказский федеральный округ', nameEn: 'North Caucasian Federal District' },
  VFD: { nameRu: 'Приволжский федеральный округ', nameEn: 'Volga Federal District' },
  UFD: { nameRu: 'Уральский федеральный округ', nameEn: 'Ural Federal District' },
  SibFD: { nameRu: 'Сибирский федеральный округ', nameEn: 'Siberian Federal District' },
  FEFD: { nameRu: 'Дальневосточный федеральный округ', nameEn: 'Far Eastern Federal District' },
}

const MSK = 'Europe/Moscow'
const YEKT = 'Asia/Yekaterinburg'
const KRAT = 'Asia/Krasnoyarsk'
const VLAT = 'Asia/Vladivostok'

function r(
  code: string,
  nameRu: string,
  nameEn: string,
  district: FederalDistrict,
  capitalRu: string,
  timeZone: string,
): RegionRef {
  return Object.freeze({ code, nameRu, nameEn, district, capitalRu, timeZone })
}

// Ordered by code, the order Russian registers and dropdowns conventionally use.
export const REGIONS: readonly RegionRef[] = Object.freeze([
  r('01', 'Республика Адыгея', 'Republic of Adygea', 'SFD', 'Майкоп', MSK),
  r('02', 'Республика Башкортостан', 'Republic of Bashkortostan', 'VFD', 'Уфа', YEKT),
  r('03', 'Республика Бурятия', 'Republic of Buryatia', 'FEFD', 'Улан-Удэ', 'Asia/Irkutsk'),
  r('04', 'Республика Алтай', 'Altai Republic', 'SibFD', 'Горно-Алтайск', 'Asia/Barnaul'),
  r('05', 'Республика Дагестан', 'Republic of Dagestan', 'NCFD', 'Махачкала', MSK),
  r('06', 'Республика Ингушетия', 'Republic of Ingushetia', 'NCFD', 'Магас', MSK),
  r('07', 'Кабардино-Балкарская Республика', 'Kabardino-Balkarian Republic', 'NCFD', 'Нальчик', MSK),
  r('08', 'Республика Калмыкия', 'Republic of Kalmykia', 'SFD', 'Элиста', MSK),
  r('09', 'Карачаево-Черкесская Республика', 'Karachay-Cherkess Republic', 'NCFD', 'Черкесск', MSK),
  r('10', 'Республика Карелия', 'Republic of Karelia', 'NWFD', 'Петрозаводск', MSK),
  r('11', 'Республика Коми', 'Komi Republic', 'NWFD', 'Сыктывкар', MSK),
  r('12', 'Республика Марий Эл', 'Mari El Republic', 'VFD', 'Йошкар-Ола', MSK),
  r('13', 'Республика Мордовия', 'Republic of Mordovia', 'VFD', 'Саранск', MSK),
  r('14', 'Республика Саха (Якутия)', 'Sakha (Yakutia) Republic', 'FEFD', 'Якутск', 'Asia/Yakutsk'),
  r('15', 'Республика Северная Осетия — Алания', 'Republic of North Ossetia–Alania', 'NCFD', 'Владикавказ', MSK),
  r('16', 'Республика Татарстан', 'Republic of Tatarstan', 'VFD', 'Казань', MSK),
  r('17', 'Республика Тыва', 'Tuva Republic', 'SibFD', 'Кызыл', KRAT),
  r('18', 'Удмуртская Республика', 'Udmurt Republic', 'VFD', 'Ижевск', 'Europe/Samara'),
  r('19', 'Республика Хакасия', 'Republic of Khakassia', 'SibFD', 'Абакан', KRAT),
  r('20', 'Чеченская Республика', 'Chechen Republic', 'NCFD', 'Грозный', MSK),
  r('21', 'Чувашская Республика', 'Chuvash Republic', 'VFD', 'Чебоксары', MSK),
  r('22', 'Алтайский край', 'Altai Krai', 'SibFD', 'Барнаул', 'Asia/Barnaul'),
  r('23', 'Краснодарский край', 'Krasnodar Krai', 'SFD', 'Краснодар', MSK),
  r('24', 'Красноярский край', 'Krasnoyarsk Krai', 'SibFD', 'Красноярск', KRAT),
  r('25', 'Приморский край', 'Primorsky Krai', 'FEFD', 'Владивосток', VLAT),
  r('26', 'Ставропольский край', 'Stavropol Krai', 'NCFD', 'Ставрополь', MSK),
  r('27', 'Хабаровский край', 'Khabarovsk Krai', 'FEFD', 'Хабаровск', VLAT),
  r('28', 'Амурская область', 'Amur Oblast', 'FEFD', 'Благовещенск', 'Asia/Yakutsk'),
  r('29', 'Архангельская область', 'Arkhangelsk Oblast', 'NWFD', 'Архангельск', MSK),
  r('30', 'Астраханская область', 'Astrakhan Oblast', 'SFD', 'Астрахань', 'Europe/Astrakhan'),
  r('31', 'Белгородская область', 'Belgorod Oblast', 'CFD', 'Белгород', MSK),
  r('32', 'Брянская область', 'Bryansk Oblast', 'CFD', 'Брянск', MSK),
  r('33', 'Владимирская область', 'Vladimir Oblast', 'CFD', 'Владимир', MSK),
  r('34', 'Волгоградская область', 'Volgograd Oblast', 'SFD', 'Волгоград', 'Europe/Volgograd'),
  r('35', 'Вологодская область', 'Vologda Oblast', 'NWFD', 'Вологда', MSK),
  r('36', 'Воронежская область', 'Voronezh Oblast', 'CFD', 'Воронеж', MSK),
  r('37', 'Ивановская область', 'Ivanovo Oblast', 'CFD', 'Иваново', MSK),
  r('38', 'Иркутская область', 'Irkutsk Oblast', 'SibFD', 'Иркутск', 'Asia/Irkutsk'),
  r('39', 'Калининградская область', 'Kaliningrad Oblast', 'NWFD', 'Калининград', 'Europe/Kaliningrad'),
  r('40', 'Калужская область', 'Kaluga Oblast', 'CFD', 'Калуга', MSK),
  r('41', 'Камчатский край', 'Kamchatka Krai', 'FEFD', 'Петропавловск-Камчатский', 'Asia/Kamchatka'),
  r('42', 'Кемеровская область — Кузбасс', 'Kemerovo Oblast – Kuzbass', 'SibFD', 'Кемерово', 'Asia/Novokuznetsk'),
  r('43', 'Кировская область', 'Kirov Oblast', 'VFD', 'Киров', 'Europe/Kirov'),
  r('44', 'Костромская область', 'Kostroma Oblast', 'CFD', 'Кострома', MSK),
  r('45', 'Курганская область', 'Kurgan Oblast', 'UFD', 'Курган', YEKT),
  r('46', 'Курская область', 'Kursk Oblast', 'CFD', 'Курск', MSK),
  // The regional government sits in St Petersburg, but since 2021 the oblast's
  // charter names Gatchina as its administrative centre.
  r('47', 'Ленинградская область', 'Leningrad Oblast', 'NWFD', 'Гатчина', MSK),
  r('48', 'Липецкая область', 'Lipetsk Oblast', 'CFD', 'Липецк', MSK),
  r('49', 'Магаданская область', 'Magadan Oblast', 'FEFD', 'Магадан', 'Asia/Magadan'),
  // Same situation as Leningrad Oblast: bodies sit in Moscow, the charter names
  // Krasnogorsk.
  r('50', 'Московская область', 'Moscow Oblast', 'CFD', 'Красногорск', MSK),
  r('51', 'Мурманская область', 'Murmansk Oblast', 'NWFD', 'Мурманск', MSK),
  r('52', 'Нижегородская область', 'Nizhny Novgorod Oblast', 'VFD', 'Нижний Новгород', MSK),
  r('53', 'Новгородская область', 'Novgorod Oblast', 'NWFD', 'Великий Новгород', MSK),
  r('54', 'Новосибирская область', 'Novosibirsk Oblast', 'SibFD', 'Новосибирск', 'Asia/Novosibirsk'),
  r('55', 'Омская область', 'Omsk Oblast', 'SibFD', 'Омск', 'Asia/Omsk'),
  r('56', 'Оренбургская область', 'Orenburg Oblast', 'VFD', 'Оренбург', YEKT),
  r('57', 'Орловская область', 'Oryol Oblast', 'CFD', 'Орёл', MSK),
  r('58', 'Пензенская область', 'Penza Oblast', 'VFD', 'Пенза', MSK),
  r('59', 'Пермский край', 'Perm Krai', 'VFD', 'Пермь', YEKT),
  r('60', 'Псковская область', 'Pskov Oblast', 'NWFD', 'Псков', MSK),
  r('61', 'Ростовская область', 'Rostov Oblast', 'SFD', 'Ростов-на-Дону', MSK),
  r('62', 'Рязанская область', 'Ryazan Oblast', 'CFD', 'Рязань', MSK),
  r('63', 'Самарская область', 'Samara Oblast', 'VFD', 'Самара', 'Europe/Samara'),
  r('64', 'Саратовская область', 'Saratov Oblast', 'VFD', 'Саратов', 'Europe/Saratov'),
  r('65', 'Сахалинская область', 'Sakhalin Oblast', 'FEFD', 'Южно-Сахалинск', 'Asia/Sakhalin'),
  r('66', 'Свердловская область', 'Sverdlovsk Oblast', 'UFD', 'Екатеринбург', YEKT),
  r('67', 'Смоленская область', 'Smolensk Oblast', 'CFD', 'Смоленск', MSK),
  r('68', 'Тамбовская область', 'Tambov Oblast', 'CFD', 'Тамбов', MSK),
  r('69', 'Тверская область', 'Tver Oblast', 'CFD', 'Тверь', MSK),
  r('70', 'Томская область', 'Tomsk Oblast', 'SibFD', 'Томск', 'Asia/Tomsk'),
  r('71', 'Тульская область', 'Tula Oblast', 'CFD', 'Тула', MSK),
  r('72', 'Тюменская область', 'Tyumen Oblast', 'UFD', 'Тюмень', YEKT),
  r('73', 'Ульяновская область', 'Ulyanovsk Oblast', 'VFD', 'Ульяновск', 'Europe/Ulyanovsk'),
  r('74', 'Челябинская область', 'Chelyabinsk Oblast', 'UFD', 'Челябинск', YEKT),
  r('75', 'Забайкальский край', 'Zabaykalsky Krai', 'FEFD', 'Чита', 'Asia/Chita'),
  r('76', 'Ярославская область', 'Yaroslavl Oblast', 'CFD', 'Ярославль', MSK),
  r('77', 'Москва', 'Moscow', 'CFD', 'Москва', MSK),
  r('78', 'Санкт-Петербург', 'Saint Petersburg', 'NWFD', 'Санкт-Петербург', MSK),
  r('79', 'Еврейская автономная область', 'Jewish Autonomous Oblast', 'FEFD', 'Биробиджан', VLAT),
  // 80–82, 84, 85 and 88 belonged to okrugs merged into 75, 59, 41, 24 and 38.
  r('83', 'Ненецкий автономный округ', 'Nenets Autonomous Okrug', 'NWFD', 'Нарьян-Мар', MSK),
  r(
    '86',
    'Ханты-Мансийский автономный округ — Югра',
    'Khanty-Mansi Autonomous Okrug – Yugra',
    'UFD',
    'Ханты-Мансийск',
    YEKT,
  ),
  r('87', 'Чукотский автономный округ', 'Chukotka Autonomous Okrug', 'FEFD', 'Анадырь', 'Asia/Anadyr'),
  r('89', 'Ямало-Ненецкий автономный округ', 'Yamalo-Nenets Autonomous Okrug', 'UFD', 'Салехард', YEKT),
  // For 90 and 95 the charters name Zaporozhye and Kherson, which Russian
  // authorities do not control; we list the towns where the regional
  // administrations actually sit, since that is what users deal with.
  r('90', 'Запорожская область', 'Zaporozhye Oblast', 'SFD', 'Мелитополь', MSK),
  r('91', 'Республика Крым', 'Republic of Crimea', 'SFD', 'Симферополь', 'Europe/Simferopol'),
  r('92', 'Севастополь', 'Sevastopol', 'SFD', 'Севастополь', 'Europe/Simferopol'),
  r('93', 'Донецкая Народная Республика', "Donetsk People's Republic", 'SFD', 'Донецк', MSK),
  r('94', 'Луганская Народная Республика', "Luhansk People's Republic", 'SFD', 'Луганск', MSK),
  r('95', 'Херсонская область', 'Kherson Oblast', 'SFD', 'Геническ', MSK),
])

const BY_CODE: ReadonlyMap<string, RegionRef> = new Map(REGIONS.map((region) => [region.code, region]))

// Accepts '1' as well as '01' because codes often arrive from spreadsheets or
// numeric inputs that dropped the leading zero.
export function regionByCode(code: string): RegionRef | undefined {
  const trimmed = code.trim()
  if (!/^\d{1,2}$/.test(trimmed)) return undefined
  return BY_CODE.get(trimmed.padStart(2, '0'))
}
